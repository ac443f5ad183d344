package dev.myelin.cli;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of numeric features from a CSV file for {@code myelin predict}: an optional header line (detected: a
 * first line with a cell that is not a number), one sample per line, optionally one column to ignore (the label).
 *
 * @param header  the header cells, or null
 * @param rows    samples
 * @param values  row-major {@code [rows, width]}
 */
record FeatureCsv(String[] header, int rows, double[] values) {

    /** Reads {@code file}, expecting {@code width} feature columns once {@code ignore} (a name, an index, or null) is dropped. */
    static FeatureCsv read(Path file, int width, String ignore) {
        CSVFormat format = CSVFormat.RFC4180.builder().setTrim(true).setIgnoreEmptyLines(true).get();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            List<CSVRecord> records = parser.getRecords();
            if (records.isEmpty()) {
                throw new IllegalArgumentException(file + ": no rows; the file is empty");
            }
            String[] header = isNumeric(records.get(0)) ? null : records.get(0).values();
            int skip = ignore == null ? -1 : column(file, header, ignore);
            List<CSVRecord> data = header == null ? records : records.subList(1, records.size());
            double[] values = new double[Math.multiplyExact(data.size(), width)];
            int at = 0;
            for (CSVRecord record : data) {
                int features = record.size() - (skip >= 0 ? 1 : 0);
                if (features != width) {
                    throw new IllegalArgumentException(file + ", line " + record.getParser().getCurrentLineNumber() + ": " + features
                            + " feature columns, the model takes " + width + (skip < 0 && features == width + 1 ? " (name the label column to ignore with --label-column)" : ""));
                }
                for (int c = 0; c < record.size(); c++) {
                    if (c == skip) {
                        continue;
                    }
                    try {
                        values[at++] = Double.parseDouble(record.get(c));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(file + ", record " + record.getRecordNumber() + ", column " + (c + 1) + ": '"
                                + record.get(c) + "' is not a number");
                    }
                }
            }
            return new FeatureCsv(header, data.size(), values);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(file + ": no such file", e);
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e instanceof IOException io ? io : new IOException(e));
        }
    }

    private static int column(Path file, String[] header, String name) {
        if (header != null) {
            for (int c = 0; c < header.length; c++) {
                if (header[c].equals(name)) {
                    return c;
                }
            }
        }
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": no column '" + name + "'" + (header == null ? " (the file has no header line)"
                    : "; columns: " + String.join(", ", header)));
        }
    }

    private static boolean isNumeric(CSVRecord record) {
        for (String cell : record) {
            try {
                Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }
}
