package dev.myelin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Reads the real Fashion-MNIST files of Debian's {@code dataset-fashion-mnist} package when it is
 * installed ({@code apt-get install dataset-fashion-mnist}); skipped otherwise. Expected numbers
 * were computed with numpy from the same files.
 */
class FashionMnistFilesTest {
    private static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void testSetHasTenThousandImagesOfTenBalancedClasses() {
        Path images = DIR.resolve("t10k-images-idx3-ubyte.gz");
        Path labels = DIR.resolve("t10k-labels-idx1-ubyte.gz");
        assumeTrue(Files.isReadable(images) && Files.isReadable(labels),
                "dataset-fashion-mnist is not installed");
        Dataset d = IdxReader.dataset("fashion-mnist-test", images, labels, 10);
        assertThat(d.size()).isEqualTo(10_000);
        assertThat(d.featureCount()).isEqualTo(784);
        assertThat(d.classCounts()).containsOnly(1000);
        assertThat(new int[] {d.label(0), d.label(1), d.label(2), d.label(3), d.label(4)})
                .containsExactly(9, 2, 1, 1, 6);
        double sumFirst = 0;
        double sumAll = 0;
        double max = 0;
        for (int k = 0; k < d.features().length; k++) {
            sumAll += d.features()[k];
            max = Math.max(max, d.features()[k]);
            if (k < 784) {
                sumFirst += d.features()[k];
            }
        }
        assertThat(sumFirst).isEqualTo(33_456.0);
        assertThat(sumAll).isEqualTo(573_469_082.0);
        assertThat(max).isEqualTo(255.0);
    }

    @Test
    void trainLabelsHoldSixThousandPerClass() {
        Path labels = DIR.resolve("train-labels-idx1-ubyte.gz");
        assumeTrue(Files.isReadable(labels), "dataset-fashion-mnist is not installed");
        int[] y = IdxReader.readLabels(labels);
        int[] counts = new int[10];
        for (int v : y) {
            counts[v]++;
        }
        assertThat(y).hasSize(60_000);
        assertThat(counts).containsOnly(6000);
    }
}
