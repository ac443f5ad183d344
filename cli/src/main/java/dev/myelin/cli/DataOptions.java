package dev.myelin.cli;

import dev.myelin.data.CsvReader;
import dev.myelin.data.Dataset;
import dev.myelin.data.IdxReader;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The data options every command that reads a data set shares ({@code @Mixin}): a built-in set by
 * name, or the user's own CSV file or IDX image/label pair, and an optional separate test file.
 */
final class DataOptions {

    @Option(names = "--data", defaultValue = "digits", paramLabel = "NAME|FILE",
            description = "Built-in data set: digits, iris, moons, circles, spirals, xor, linear, fashion-mnist (Debian's dataset-fashion-mnist: "
                    + "the official 60,000 training and 10,000 test images); or a CSV file (.csv, .csv.gz), or an IDX images file "
                    + "(.idx, .idx.gz, *-ubyte[.gz]) with --labels (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--label-column", paramLabel = "NAME|INDEX",
            description = "CSV: the label (or target) column, by header name or 0-based index, -1 = last (default: the last column). "
                    + "The header line is detected; labels that are not numbers are class names.")
    String labelColumn;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX: the labels file of the --data images file.")
    Path labels;

    @Option(names = "--test-data", paramLabel = "FILE",
            description = "A separate test file (CSV, or IDX images with --test-labels); --data is then split into train and validation only, "
                    + "in the ratio of the first two --split percentages.")
    Path testData;

    @Option(names = "--test-labels", paramLabel = "FILE", description = "IDX: the labels file of the --test-data images file.")
    Path testLabels;

    @Option(names = "--delimiter", defaultValue = ",", paramLabel = "CHAR", converter = DelimiterConverter.class,
            description = "CSV cell delimiter, e.g. ';' or '\\t' (default: ${DEFAULT-VALUE}).")
    char delimiter;

    @Option(names = "--regression", description = "CSV: the label column holds a real-valued target (regression) instead of classes.")
    boolean regression;

    /** Loads what the options name; {@code seed} drives the synthetic sets. */
    LoadedData load(long seed) {
        DataChoice builtIn = DataChoice.find(data);
        if (builtIn != null) {
            requireFileOptionsAbsent(builtIn);
            return builtIn.load(seed);
        }
        Path file = Path.of(data);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("--data '" + data + "' is neither a built-in data set (digits, iris, moons, circles, spirals, xor, "
                    + "linear, fashion-mnist) nor an existing file");
        }
        Dataset train = read(file, labels, "--data", "--labels", null);
        Dataset test = testData == null ? null : read(testData, testLabels, "--test-data", "--test-labels", train);
        if (test != null && test.featureCount() != train.featureCount()) {
            throw new IllegalArgumentException("--test-data " + testData + " has " + test.featureCount() + " features per sample but --data "
                    + file + " has " + train.featureCount() + "; both files need the same feature columns");
        }
        return new LoadedData(train, test);
    }

    private Dataset read(Path file, Path labelsFile, String dataOption, String labelsOption, Dataset train) {
        if (labelsFile != null) {
            if (labelColumn != null || regression) {
                throw new IllegalArgumentException("--label-column and --regression are for CSV files; " + dataOption + " " + file
                        + " comes with " + labelsOption + " (IDX images and labels)");
            }
            Dataset images = IdxReader.dataset(file.getFileName().toString(), file, labelsFile, train == null ? 0 : train.numClasses());
            return train != null && !train.classNames().isEmpty() ? images.withClassNames(train.classNames()) : images;
        }
        if (looksLikeIdx(file)) {
            throw new IllegalArgumentException(dataOption + " " + file + " looks like an IDX images file; give its labels file with "
                    + labelsOption + " FILE");
        }
        return csvReader(train).read(file);
    }

    private CsvReader csvReader(Dataset train) {
        CsvReader reader = regression ? CsvReader.regression() : CsvReader.classification(train == null ? 0 : train.numClasses());
        if (train != null && !train.classNames().isEmpty()) {
            reader = reader.withClassNames(train.classNames());
        }
        reader = reader.withDetectedHeader().withDelimiter(delimiter);
        if (labelColumn != null) {
            String column = labelColumn.trim();
            reader = column.matches("-?\\d+") ? reader.withLabelColumn(Integer.parseInt(column)) : reader.withLabelColumn(column);
        }
        return reader;
    }

    /** The converter of {@code --delimiter}: one character, or {@code \t} for a tab. */
    static final class DelimiterConverter extends OptionLanguage<Character> {
        DelimiterConverter() {
            super(text -> {
                String d = text.equals("\\t") ? "\t" : text;
                if (d.length() != 1) {
                    throw new IllegalArgumentException("--delimiter must be one character (or \\t for a tab), got '" + text + "'");
                }
                return d.charAt(0);
            });
        }
    }

    private void requireFileOptionsAbsent(DataChoice builtIn) {
        if (labelColumn != null || labels != null || testData != null || testLabels != null || regression) {
            throw new IllegalArgumentException("--label-column, --labels, --test-data, --test-labels and --regression are for your own files; "
                    + "--data " + builtIn + " is a built-in data set");
        }
    }

    private static boolean looksLikeIdx(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.contains(".idx") || name.contains("-idx") || name.contains("ubyte");
    }
}
