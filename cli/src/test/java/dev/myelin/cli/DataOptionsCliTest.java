package dev.myelin.cli;

import dev.myelin.data.Dataset;
import dev.myelin.data.EmbeddedData;
import dev.myelin.data.FashionMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code myelin train} on the user's own files: CSV with string labels, a separate test file, IDX image/label pairs, Fashion-MNIST. */
class DataOptionsCliTest {
    @TempDir
    Path dir;

    /** Iris written as CSV: a header, quoted species names in the middle column, the rows {@code keep} accepts. */
    private Path irisCsv(String name, IntPredicate keep) throws IOException {
        Dataset iris = EmbeddedData.iris();
        StringBuilder csv = new StringBuilder("\"sepal length\",\"sepal width\",\"species\",\"petal length\",\"petal width\"\n");
        for (int i = 0; i < iris.size(); i++) {
            if (!keep.test(i)) {
                continue;
            }
            csv.append(String.format(Locale.ROOT, "%s,%s,\"%s\",%s,%s%n", iris.feature(i, 0), iris.feature(i, 1),
                    iris.classNames().get(iris.label(i)), iris.feature(i, 2), iris.feature(i, 3)));
        }
        return Files.writeString(dir.resolve(name), csv, StandardCharsets.UTF_8);
    }

    private static double accuracy(CliRun run, int samples) {
        Matcher m = Pattern.compile("test accuracy (\\d\\.\\d+) \\(" + samples + " samples\\)").matcher(run.out());
        assertThat(m.find()).as(run.out() + run.err()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void irisWrittenAsCsvWithASpeciesColumnTrainsSavesPredictsAndExportsWithItsClassNames() throws IOException {
        Path csv = irisCsv("iris.csv", i -> true);
        Path model = dir.resolve("iris.myelin");
        CliRun run = CliRun.of("train", "--data", csv.toString(), "--label-column", "species", "--epochs", "60", "--hidden", "16:relu",
                "--save", model.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("data: iris.csv, 150 samples (104 train, 23 validation, 23 test), 4 features, 3 classes (setosa, versicolor, virginica)");
        assertThat(accuracy(run, 23)).isGreaterThanOrEqualTo(0.9);

        Path predictions = dir.resolve("predictions.csv");
        CliRun predict = CliRun.of("predict", "--model", model.toString(), "--input", csv.toString(), "--label-column", "species",
                "--output", predictions.toString());
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        List<String> predicted = Files.readAllLines(predictions).subList(1, 151);
        Dataset iris = EmbeddedData.iris();
        long right = IntStream.range(0, 150).filter(i -> predicted.get(i).equals(iris.classNames().get(iris.label(i)))).count();
        assertThat(right).as("predictions by class name matching the species column").isGreaterThanOrEqualTo(135);

        CliRun export = CliRun.of("export", "--model", model.toString(), "--onnx", dir.resolve("iris.onnx").toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out()).contains("classes setosa, versicolor, virginica");
    }

    @Test
    void aSeparateTestFileIsTheTestSetAndTheDataIsSplitIntoTrainAndValidation() throws IOException {
        // Iris is ordered by class, 50 each: the first 40 of each class train, the last 10 test.
        Path trainCsv = irisCsv("train.csv", i -> i % 50 < 40);
        Path testCsv = irisCsv("test.csv", i -> i % 50 >= 40);

        CliRun run = CliRun.of("train", "--data", trainCsv.toString(), "--test-data", testCsv.toString(), "--label-column", "2",
                "--split", "80/20/0", "--epochs", "60", "--hidden", "16:relu");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("data: train.csv, 150 samples (96 train, 24 validation, 30 test from test.csv), 4 features, 3 classes");
        assertThat(accuracy(run, 30)).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void aRegressionTargetInTheFirstColumnOfASemicolonSeparatedFile() throws IOException {
        StringBuilder csv = new StringBuilder("y;x\n");
        for (int i = 0; i < 200; i++) {
            double x = -1 + i / 100.0;
            csv.append(String.format(Locale.ROOT, "%s;%s%n", 2 * x + 1, x));   // y = 2x + 1, no noise
        }
        Path file = Files.writeString(dir.resolve("line.csv"), csv);
        CliRun run = CliRun.of("train", "--data", file.toString(), "--label-column", "0", "--delimiter", ";", "--regression",
                "--hidden", "8:tanh", "--epochs", "60", "--optimizer", "adam:lr=1e-2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("data: line.csv, 200 samples (140 train, 30 validation, 30 test), 1 features\n");
        Matcher r2 = Pattern.compile("R² (\\d\\.\\d+) \\(30 samples\\)").matcher(run.out());
        assertThat(r2.find()).as(run.out()).isTrue();
        assertThat(Double.parseDouble(r2.group(1))).isGreaterThan(0.99);
    }

    @Test
    void idxImageAndLabelFilesPlainOrGzipTrainAndTest() throws IOException {
        Dataset digits = EmbeddedData.digits();
        List<String> args = new ArrayList<>(List.of("train", "--epochs", "20"));
        args.addAll(idxOptions("--data", "--labels", digits, 0, 1500, "digits-images.idx", "digits-labels.idx.gz"));
        args.addAll(idxOptions("--test-data", "--test-labels", digits, 1500, digits.size(), "test-images-idx3-ubyte.gz", "test-labels.idx"));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("data: digits-images.idx, 1797 samples (1235 train, 265 validation, 297 test from test-images-idx3-ubyte.gz), 64 features, 10 classes");
        assertThat(accuracy(run, 297)).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void fashionMnistUsesTheOfficialTestSetAndCarvesValidationFromTheTrainingFile() {
        assumeTrue(FashionMnist.isInstalled(), "dataset-fashion-mnist is not installed");
        CliRun run = CliRun.of("train", "--data", "fashion-mnist", "--epochs", "1", "--hidden", "32:relu", "--batch-size", "64", "--optimizer", "adam:lr=2e-3",
                "--split", "90/10/0", "--normalize", "pixel-standard");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("data: fashion-mnist, 70000 samples (54000 train, 6000 validation, 10000 test from fashion-mnist-test), 784 features, "
                + "10 classes (T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot)");
        assertThat(accuracy(run, 10000)).isGreaterThanOrEqualTo(0.75);
    }

    @Test
    void mistakesInTheDataOptionsAreMyelinErrorsNamingTheFileLineAndColumn() throws IOException {
        Path csv = irisCsv("iris.csv", i -> true);
        CliRun noColumn = CliRun.of("train", "--data", csv.toString(), "--label-column", "kind", "--epochs", "1");
        assertThat(noColumn.exitCode()).isEqualTo(1);
        assertThat(noColumn.err()).contains("myelin: " + csv + ": no column named 'kind' in header [sepal length, sepal width, species, petal length, petal width]");

        Path bad = Files.writeString(dir.resolve("bad.csv"), "a,b,label\n1,2,cat\n3,4x,dog\n");
        CliRun badCell = CliRun.of("train", "--data", bad.toString(), "--epochs", "1");
        assertThat(badCell.exitCode()).isEqualTo(1);
        assertThat(badCell.err()).contains("myelin: " + bad + " line 3, column 2 ('b'): cannot parse '4x' as a number");

        CliRun missing = CliRun.of("train", "--data", dir.resolve("nope.csv").toString(), "--epochs", "1");
        assertThat(missing.err()).contains("is neither a built-in data set").contains("nor an existing file");

        Path idx = dir.resolve("train-images-idx3-ubyte");
        writeIdx(EmbeddedData.digits(), 0, 10, idx, dir.resolve("l.idx"));
        assertThat(CliRun.of("train", "--data", idx.toString(), "--epochs", "1").err()).contains("looks like an IDX images file; give its labels file with --labels FILE");
        assertThat(CliRun.of("train", "--data", "iris", "--label-column", "species").err())
                .contains("are for your own files; --data iris is a built-in data set");

        Path testCsv = Files.writeString(dir.resolve("t.csv"), "x,species\n1,setosa\n2,virginica\n");
        assertThat(CliRun.of("train", "--data", csv.toString(), "--label-column", "species", "--test-data", testCsv.toString()).err())
                .contains("has 1 features per sample but --data").contains("has 4");
    }

    /**
     * Writes rows {@code from..to-1} of {@code data} as the IDX files {@code images} and {@code labels} in the test folder and
     * returns the options that name them: {@code imagesOption images labelsOption labels}.
     */
    private List<String> idxOptions(String imagesOption, String labelsOption, Dataset data, int from, int to, String images, String labels)
            throws IOException {
        writeIdx(data, from, to, dir.resolve(images), dir.resolve(labels));
        return List.of(imagesOption, dir.resolve(images).toString(), labelsOption, dir.resolve(labels).toString());
    }

    /** Writes rows {@code from..to-1} of an 8×8 image set as IDX (unsigned bytes); a file name ending .gz is gzip-compressed. */
    private static void writeIdx(Dataset data, int from, int to, Path images, Path labels) throws IOException {
        int n = to - from;
        ByteBuffer img = ByteBuffer.allocate(16 + n * 64).putInt(0x00000803).putInt(n).putInt(8).putInt(8);
        ByteBuffer lab = ByteBuffer.allocate(8 + n).putInt(0x00000801).putInt(n);
        for (int i = from; i < to; i++) {
            for (int j = 0; j < 64; j++) {
                img.put((byte) data.feature(i, j));
            }
            lab.put((byte) data.label(i));
        }
        write(images, img.array());
        write(labels, lab.array());
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        if (!file.toString().endsWith(".gz")) {
            Files.write(file, bytes);
            return;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(buffer)) {
            gz.write(bytes);
        }
        Files.write(file, buffer.toByteArray());
    }
}
