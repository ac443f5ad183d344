package dev.myelin.examples;

import dev.myelin.data.FashionMnist;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link FashionMnistExample} on a tenth of the training images, where Debian's {@code dataset-fashion-mnist} is installed (CI installs it). */
class FashionMnistExampleTest {

    @Test
    void twoEpochsOnTenThousandImagesClassifyFourFifthsOfTheOfficialTestImages() throws Exception {
        assumeTrue(FashionMnist.isInstalled(), "dataset-fashion-mnist is not installed");
        ExampleRun run = ExampleRun.of(FashionMnistExample::main, "10000", "2");
        // A 784-128-10 MLP on the full set reaches ~0.85-0.88 (the README's benchmark table); 10,000 images and 2 epochs land near 0.82.
        assertThat(run.testAccuracy()).isBetween(0.78, 0.95);
        assertThat(run.out()).contains("(10000 images)");
    }
}
