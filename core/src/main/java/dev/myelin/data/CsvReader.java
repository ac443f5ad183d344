package dev.myelin.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Reads a numeric CSV file into a {@link Dataset}: one sample per line, every column a feature
 * except the label (or regression target) column.
 *
 * <p>Defaults: comma delimiter, no header line, the last column is the label. Cells are trimmed;
 * quoting is not supported; blank lines are skipped; a gzip-compressed file is detected from its
 * first two bytes. For classification the label cells must be non-negative integers (or, with
 * {@link #classNames(String...)}, class names); with
 * {@code numClasses = 0} the number of classes is the largest label + 1 (at least 2). Errors name
 * the source, the 1-based line and column, and the cell.
 *
 * <p>A reader is immutable; the {@code with...} methods return changed copies:
 * <pre>{@code
 * Dataset iris = CsvReader.classification(3).withHeader(true).withLabelColumn("species").read(path);
 * Dataset uci = CsvReader.classNames("Iris-setosa", "Iris-versicolor", "Iris-virginica").read(irisData);
 * }</pre>
 */
public final class CsvReader {
    private static final int LAST_COLUMN = -1;

    private final boolean header;
    private final char delimiter;
    private final int labelIndex;
    private final String labelName;
    private final boolean classification;
    private final int numClasses;
    private final List<String> classNames;

    private CsvReader(boolean header, char delimiter, int labelIndex, String labelName, boolean classification,
                      int numClasses, List<String> classNames) {
        this.header = header;
        this.delimiter = delimiter;
        this.labelIndex = labelIndex;
        this.labelName = labelName;
        this.classification = classification;
        this.numClasses = numClasses;
        this.classNames = classNames;
    }

    /** A reader of classification data with {@code numClasses} classes (0: inferred as largest label + 1). */
    public static CsvReader classification(int numClasses) {
        if (numClasses == 1 || numClasses < 0) {
            throw new IllegalArgumentException("numClasses must be at least 2, or 0 to infer it, got " + numClasses);
        }
        return new CsvReader(false, ',', LAST_COLUMN, null, true, numClasses, null);
    }

    /** A reader of regression data: the label column holds one real-valued target. */
    public static CsvReader regression() {
        return new CsvReader(false, ',', LAST_COLUMN, null, false, 0, null);
    }

    /** Whether the first line is a header to skip (and to look label names up in); default false. */
    public CsvReader withHeader(boolean hasHeader) {
        return new CsvReader(hasHeader, delimiter, labelIndex, labelName, classification, numClasses, classNames);
    }

    /** The cell delimiter; default ','. */
    public CsvReader withDelimiter(char newDelimiter) {
        return new CsvReader(header, newDelimiter, labelIndex, labelName, classification, numClasses, classNames);
    }

    /** The 0-based index of the label column; -1 (the default) means the last column. */
    public CsvReader withLabelColumn(int index) {
        if (index < LAST_COLUMN) {
            throw new IllegalArgumentException("label column index must be >= 0, or -1 for the last column, got "
                    + index);
        }
        return new CsvReader(header, delimiter, index, null, classification, numClasses, classNames);
    }

    /** The label column by its header name; needs {@link #withHeader(boolean) withHeader(true)}. */
    public CsvReader withLabelColumn(String name) {
        Objects.requireNonNull(name, "name");
        return new CsvReader(header, delimiter, LAST_COLUMN, name, classification, numClasses, classNames);
    }

    /**
     * A classification reader whose label cells are class names ({@code "Iris-setosa"}), mapped
     * to their position in {@code names}; at least two distinct names.
     */
    public static CsvReader classNames(String... names) {
        Objects.requireNonNull(names, "names");
        List<String> list = List.of(names);
        if (list.size() < 2 || list.stream().distinct().count() != list.size()) {
            throw new IllegalArgumentException("class names must be at least 2 distinct names, got " + list);
        }
        return new CsvReader(false, ',', LAST_COLUMN, null, true, list.size(), list);
    }

    /** Reads {@code file}; the data set is named after the file. */
    public Dataset read(Path file) {
        String name = file.getFileName().toString();
        try (InputStream in = openMaybeGzip(Files.newInputStream(file))) {
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), file.toString(), name);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads CSV text from {@code reader}; {@code source} names it in messages, {@code name} names the set. */
    public Dataset read(Reader reader, String source, String name) {
        try {
            return parse(new BufferedReader(reader), source, name);
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    static InputStream openMaybeGzip(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in) : in;
    }

    private Dataset parse(BufferedReader in, String source, String name) throws IOException {
        String line;
        int lineNo = 0;
        String[] headerCells = null;
        int columns = -1;
        int label = -1;
        List<double[]> rows = new ArrayList<>();
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] cells = split(line);
            if (header && headerCells == null) {
                headerCells = cells;
                continue;
            }
            if (columns < 0) {
                columns = cells.length;
                label = resolveLabel(columns, headerCells, source);
            } else if (cells.length != columns) {
                throw new IllegalArgumentException(source + " line " + lineNo + ": " + cells.length
                        + " cells where earlier lines have " + columns + "; every line needs the same columns");
            }
            double[] row = new double[columns];
            for (int c = 0; c < columns; c++) {
                row[c] = c == label && classNames != null ? classIndex(cells[c], source, lineNo, c)
                        : parseCell(cells[c], source, lineNo, c, headerCells);
            }
            if (classification) {
                checkLabelCell(row[label], cells[label], source, lineNo, label);
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(source + ": no data rows"
                    + (header ? " after the header line" : "") + "; the file is empty");
        }
        return build(name, rows, columns, label);
    }

    private Dataset build(String name, List<double[]> rows, int columns, int label) {
        int n = rows.size();
        int d = columns - 1;
        if (d < 1) {
            throw new IllegalArgumentException(name + ": only " + columns
                    + " column; a data set needs at least one feature column besides the label");
        }
        double[] features = new double[n * d];
        double[] targets = new double[n];
        int maxLabel = 0;
        for (int i = 0; i < n; i++) {
            double[] row = rows.get(i);
            int k = 0;
            for (int c = 0; c < columns; c++) {
                if (c == label) {
                    targets[i] = row[c];
                } else {
                    features[i * d + k++] = row[c];
                }
            }
            maxLabel = Math.max(maxLabel, (int) targets[i]);
        }
        int classes = classification ? (numClasses == 0 ? Math.max(2, maxLabel + 1) : numClasses) : 0;
        Dataset data = Dataset.fromFlat(name, features, d, targets, 1, classes);
        return classNames == null ? data : data.withClassNames(classNames);
    }

    private int resolveLabel(int columns, String[] headerCells, String source) {
        if (labelName != null) {
            if (headerCells == null) {
                throw new IllegalArgumentException(source + ": label column '" + labelName
                        + "' is given by name but the reader has no header; use withHeader(true)");
            }
            int found = Arrays.asList(headerCells).indexOf(labelName);
            if (found < 0) {
                throw new IllegalArgumentException(source + ": no column named '" + labelName + "' in header "
                        + Arrays.toString(headerCells));
            }
            return found;
        }
        int index = labelIndex == LAST_COLUMN ? columns - 1 : labelIndex;
        if (index >= columns) {
            throw new IllegalArgumentException(source + ": label column " + index + " (0-based) does not exist; lines have "
                    + columns + " columns");
        }
        return index;
    }

    private String[] split(String line) {
        List<String> cells = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == delimiter) {
                cells.add(line.substring(start, i).trim());
                start = i + 1;
            }
        }
        return cells.toArray(new String[0]);
    }

    private static double parseCell(String cell, String source, int lineNo, int column, String[] headerCells) {
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " line " + lineNo + ", column " + (column + 1)
                    + columnName(headerCells, column) + ": cannot parse '" + cell
                    + "' as a number; clean the cell or drop the line");
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(source + " line " + lineNo + ", column " + (column + 1)
                    + columnName(headerCells, column) + ": '" + cell + "' is not a finite number");
        }
        return v;
    }

    private double classIndex(String cell, String source, int lineNo, int column) {
        int index = classNames.indexOf(cell);
        if (index < 0) {
            throw new IllegalArgumentException(source + " line " + lineNo + ", column " + (column + 1)
                    + ": unknown class '" + cell + "'; expected one of " + classNames);
        }
        return index;
    }

    private void checkLabelCell(double v, String cell, String source, int lineNo, int column) {
        if (v < 0 || v != Math.rint(v) || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(source + " line " + lineNo + ", column " + (column + 1)
                    + ": label '" + cell + "' is not a class index (a non-negative integer)");
        }
        if (numClasses > 0 && v >= numClasses) {
            throw new IllegalArgumentException(source + " line " + lineNo + ", column " + (column + 1)
                    + ": label " + (long) v + " is outside [0, " + numClasses + "); raise numClasses or fix the label");
        }
    }

    private static String columnName(String[] headerCells, int column) {
        return headerCells != null && column < headerCells.length ? " ('" + headerCells[column] + "')" : "";
    }
}
