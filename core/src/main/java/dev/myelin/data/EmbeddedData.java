package dev.myelin.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Small real data sets shipped inside the jar, so the shortest program needs no download. Both
 * files are byte-for-byte copies of those in Debian's {@code python3-sklearn} 1.2.1
 * ({@code sklearn/datasets/data/}), copied by {@code data/extract_embedded.py}; sources and
 * licences are in the top-level NOTICE file.
 *
 * <p>Stateless; thread-safe (each call reads its own copy of the resource).
 */
public final class EmbeddedData {
    private static final String DIGITS = "digits.csv.gz";
    private static final String IRIS = "iris.csv";

    private EmbeddedData() {
    }

    /**
     * The UCI "Optical Recognition of Handwritten Digits" test set (Alpaydin &amp; Kaynak, 1998):
     * 1,797 samples, 64 features (an 8×8 image, row by row) with integer values 0..16, 10 classes
     * (the digit). Features are unscaled.
     */
    public static Dataset digits() {
        return load(DIGITS, "digits", CsvReader.classification(10));
    }

    /**
     * Fisher's Iris data (1936) as in R and scikit-learn: 150 samples, 4 features in cm (sepal
     * length, sepal width, petal length, petal width), 3 classes (0 setosa, 1 versicolor,
     * 2 virginica), 50 each; the class names are setosa, versicolor and virginica.
     */
    public static Dataset iris() {
        return load(IRIS, "iris", CsvReader.classification(3).withHeader(true))
                .withClassNames(java.util.List.of("setosa", "versicolor", "virginica"));
    }

    private static Dataset load(String resource, String name, CsvReader reader) {
        InputStream raw = EmbeddedData.class.getResourceAsStream(resource);
        if (raw == null) {
            throw new IllegalStateException("embedded resource dev/myelin/data/" + resource
                    + " is missing from the classpath; the myelin-core jar is incomplete");
        }
        try (InputStream in = CsvReader.openMaybeGzip(raw)) {
            return reader.read(new InputStreamReader(in, StandardCharsets.UTF_8), "embedded " + resource, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read embedded " + resource + ": " + e.getMessage(), e);
        }
    }
}
