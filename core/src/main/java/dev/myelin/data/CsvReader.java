package dev.myelin.data;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * Reads a CSV file into a {@link Dataset}: one sample per record, every column a feature except
 * the label (or regression target) column. Parsing is Apache Commons CSV's RFC 4180 dialect:
 * quoted fields (with the delimiter, doubled quotes or line breaks inside) work.
 *
 * <p>Defaults: comma delimiter, no header line, the last column is the label. Cells are trimmed;
 * blank lines are skipped; a leading byte-order mark is ignored; a gzip-compressed file is
 * detected from its first two bytes. With {@link #withDetectedHeader()} the first record is a
 * header when one of its cells is not a number while the cell below it is (or when the label
 * column is named). Errors name the source, the 1-based line and column (with the header's name
 * for the column), and the cell.
 *
 * <p>Classification labels are either all non-negative integers (class indices; with
 * {@code numClasses = 0} the number of classes is the largest label + 1, at least 2), or, when
 * some label cell is not a number, class names: the distinct names sorted by {@link String#compareTo}
 * become classes 0, 1, … and are kept as the set's {@link Dataset#classNames()}. With
 * {@link #classNames(String...)} or {@link #withClassNames(List)} the names and their order are
 * given (as for a test file that must use the training file's classes).
 *
 * <p>A reader is immutable; the {@code with...} methods return changed copies:
 * <pre>{@code
 * Dataset iris = CsvReader.classification(0).withDetectedHeader().withLabelColumn("species").read(path);
 * Dataset uci = CsvReader.classNames("Iris-setosa", "Iris-versicolor", "Iris-virginica").read(irisData);
 * }</pre>
 */
public final class CsvReader {
    private static final int LAST_COLUMN = -1;

    /** True: first record is a header; false: it is data; null: decide from the first two records. */
    private final Boolean header;
    private final char delimiter;
    private final int labelIndex;
    private final String labelName;
    private final boolean classification;
    private final int numClasses;
    private final List<String> classNames;

    private CsvReader(Boolean header, char delimiter, int labelIndex, String labelName, boolean classification,
                      int numClasses, List<String> classNames) {
        this.header = header;
        this.delimiter = delimiter;
        this.labelIndex = labelIndex;
        this.labelName = labelName;
        this.classification = classification;
        this.numClasses = numClasses;
        this.classNames = classNames;
    }

    /** A reader of classification data with {@code numClasses} classes (0: inferred from the labels). */
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

    /**
     * Decides from the file whether its first record is a header: yes when the label column is
     * given by name, or when a cell of the first record is not a number while the cell below it is.
     */
    public CsvReader withDetectedHeader() {
        return new CsvReader(null, delimiter, labelIndex, labelName, classification, numClasses, classNames);
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

    /** The label column by its header name; needs a header ({@link #withHeader(boolean) withHeader(true)} or detected). */
    public CsvReader withLabelColumn(String name) {
        Objects.requireNonNull(name, "name");
        return new CsvReader(header, delimiter, LAST_COLUMN, name, classification, numClasses, classNames);
    }

    /**
     * A classification reader whose label cells are class names ({@code "Iris-setosa"}), mapped
     * to their position in {@code names}; at least two distinct names.
     */
    public static CsvReader classNames(String... names) {
        return classification(0).withClassNames(List.of(names));
    }

    /**
     * This reader with the class names fixed: label cells must be one of {@code names} and map to
     * its position; at least two distinct names. Makes the reader a classification reader.
     */
    public CsvReader withClassNames(List<String> names) {
        Objects.requireNonNull(names, "names");
        List<String> list = List.copyOf(names);
        if (list.size() < 2 || list.stream().distinct().count() != list.size()) {
            throw new IllegalArgumentException("class names must be at least 2 distinct names, got " + list);
        }
        return new CsvReader(header, delimiter, labelIndex, labelName, true, list.size(), list);
    }

    /** Reads {@code file}; the data set is named after the file. */
    public Dataset read(Path file) {
        String name = file.getFileName().toString();
        try (InputStream in = openMaybeGzip(Files.newInputStream(file))) {
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), file.toString(), name);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads CSV text from {@code reader}; {@code source} names it in messages, {@code name} names the set. */
    public Dataset read(Reader reader, String source, String name) {
        LineCountingReader lines = new LineCountingReader(reader);
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setTrim(true).setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.builder().setReader(lines).setFormat(format).get()) {
            return parse(parser.iterator(), lines, source, name);
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": cannot read: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException(source + ": " + e.getCause().getMessage() + "; check the quotes near there", e.getCause());
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

    private Dataset parse(Iterator<CSVRecord> records, LineCountingReader lines, String source, String name) {
        if (!records.hasNext()) {
            throw new IllegalArgumentException(source + ": no data rows; the file is empty");
        }
        CSVRecord first = records.next();
        CSVRecord second = records.hasNext() ? records.next() : null;
        String[] headerCells = isHeader(first, second) ? first.values() : null;
        Rows rows = new Rows(source, headerCells);
        if (headerCells == null) {
            rows.add(first, lines.lineOf(first.getCharacterPosition()));
        }
        if (second != null) {
            rows.add(second, lines.lineOf(second.getCharacterPosition()));
        }
        while (records.hasNext()) {
            CSVRecord record = records.next();
            rows.add(record, lines.lineOf(record.getCharacterPosition()));
        }
        if (rows.count == 0) {
            throw new IllegalArgumentException(source + ": no data rows"
                    + (headerCells != null ? " after the header line" : "") + "; the file is empty");
        }
        return rows.build(name);
    }

    private boolean isHeader(CSVRecord first, CSVRecord second) {
        if (header != null) {
            return header;
        }
        if (labelName != null) {
            return true;
        }
        for (int c = 0; c < first.size(); c++) {
            if (!isNumber(first.get(c)) && (second == null || (c < second.size() && isNumber(second.get(c))))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNumber(String cell) {
        try {
            Double.parseDouble(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The data records read so far: features parsed at once, label cells kept as text until all are seen. */
    private final class Rows {
        private final String source;
        private final String[] headerCells;
        private int columns = -1;
        private int label;
        private int count;
        private double[] features = new double[1024];
        private String[] labels = new String[64];
        private int[] lineNumbers = new int[64];

        Rows(String source, String[] headerCells) {
            this.source = source;
            this.headerCells = headerCells;
        }

        void add(CSVRecord record, int line) {
            if (columns < 0) {
                columns = record.size();
                label = resolveLabel(columns, headerCells, source);
                if (columns < 2) {
                    throw new IllegalArgumentException(source + " line " + line + ": only " + columns
                            + " column; a data set needs at least one feature column besides the label");
                }
            } else if (record.size() != columns) {
                throw new IllegalArgumentException(source + " line " + line + ": " + record.size()
                        + " cells where earlier lines have " + columns + "; every line needs the same columns");
            }
            int d = columns - 1;
            if ((long) (count + 1) * d > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(source + " line " + line + ": more than 2^31 feature values; split the file");
            }
            if ((count + 1) * d > features.length) {
                features = Arrays.copyOf(features, (int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) features.length * 2, (long) (count + 1) * d)));
            }
            if (count == labels.length) {
                labels = Arrays.copyOf(labels, count * 2);
                lineNumbers = Arrays.copyOf(lineNumbers, count * 2);
            }
            int k = count * d;
            for (int c = 0; c < columns; c++) {
                if (c != label) {
                    features[k++] = parseCell(record.get(c), source, line, c, headerCells);
                }
            }
            labels[count] = record.get(label);
            lineNumbers[count] = line;
            count++;
        }

        Dataset build(String name) {
            int d = columns - 1;
            double[] x = Arrays.copyOf(features, count * d);
            double[] y = new double[count];
            if (!classification) {
                for (int i = 0; i < count; i++) {
                    y[i] = parseCell(labels[i], source, lineNumbers[i], label, headerCells);
                }
                return Dataset.fromFlat(name, x, d, y, 1, 0);
            }
            List<String> names = classNames != null ? classNames : namesIfNotNumeric();
            int classes;
            if (names != null) {
                for (int i = 0; i < count; i++) {
                    y[i] = classIndex(names, labels[i], lineNumbers[i]);
                }
                classes = names.size();
            } else {
                int maxLabel = 0;
                for (int i = 0; i < count; i++) {
                    y[i] = labelIndex(labels[i], lineNumbers[i]);
                    maxLabel = Math.max(maxLabel, (int) y[i]);
                }
                classes = numClasses == 0 ? Math.max(2, maxLabel + 1) : numClasses;
            }
            Dataset data = Dataset.fromFlat(name, x, d, y, 1, classes);
            return names == null ? data : data.withClassNames(names);
        }

        /** The sorted distinct label cells when one of them is not a number, else null (numeric class indices). */
        private List<String> namesIfNotNumeric() {
            boolean numeric = true;
            for (int i = 0; i < count && numeric; i++) {
                numeric = isNumber(labels[i]);
            }
            if (numeric) {
                return null;
            }
            TreeSet<String> distinct = new TreeSet<>(Arrays.asList(labels).subList(0, count));
            if (distinct.contains("")) {
                int i = Arrays.asList(labels).subList(0, count).indexOf("");
                throw new IllegalArgumentException(source + " line " + lineNumbers[i] + ", column " + (label + 1) + columnName(headerCells, label)
                        + ": the label is empty; give every row a class");
            }
            if (distinct.size() < 2 || (numClasses > 0 && distinct.size() != numClasses)) {
                throw new IllegalArgumentException(source + ": column " + (label + 1) + columnName(headerCells, label) + " holds "
                        + distinct.size() + " class names " + (distinct.size() <= 20 ? distinct : "") + " but "
                        + (numClasses > 0 ? numClasses + " classes were expected" : "a classifier needs at least 2"));
            }
            return List.copyOf(distinct);
        }

        private double classIndex(List<String> names, String cell, int line) {
            int index = names.indexOf(cell);
            if (index < 0) {
                throw new IllegalArgumentException(source + " line " + line + ", column " + (label + 1) + columnName(headerCells, label)
                        + ": unknown class '" + cell + "'; expected one of " + names);
            }
            return index;
        }

        private double labelIndex(String cell, int line) {
            double v = parseCell(cell, source, line, label, headerCells);
            if (v < 0 || v != Math.rint(v) || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(source + " line " + line + ", column " + (label + 1) + columnName(headerCells, label)
                        + ": label '" + cell + "' is not a class index (a non-negative integer)");
            }
            if (numClasses > 0 && v >= numClasses) {
                throw new IllegalArgumentException(source + " line " + line + ", column " + (label + 1) + columnName(headerCells, label)
                        + ": label " + (long) v + " is outside [0, " + numClasses + "); raise numClasses or fix the label");
            }
            return v;
        }
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

    private static String columnName(String[] headerCells, int column) {
        return headerCells != null && column < headerCells.length ? " ('" + headerCells[column] + "')" : "";
    }
}
