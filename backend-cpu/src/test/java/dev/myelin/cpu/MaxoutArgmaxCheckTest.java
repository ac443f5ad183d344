package dev.myelin.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CPU backend refuses a maxout arg-max that is no index in [0, k). NaN and −0.5 must be refused too: a cast to
 * int would turn both into 0 and route the gradient to the first piece without a word.
 */
class MaxoutArgmaxCheckTest {

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, -0.5, -1, 3, 3.5, 1e10, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void anArgmaxOutsideTheGroupIsRefused(double bad) {
        for (DType dtype : DType.values()) {
            try (CpuBackend backend = new CpuBackend(dtype, new BackendOptions(1));
                 Tensor gradOut = backend.allocate(1, 2);
                 Tensor argmax = backend.allocate(1, 2);
                 Tensor gradZ = backend.allocate(1, 6)) {
                backend.upload(new double[] {1, 2}, 0, gradOut);
                backend.upload(new double[] {1, bad}, 0, argmax);
                assertThatThrownBy(() -> backend.maxoutBackward(gradOut, argmax, 3, gradZ))
                        .as("%s arg-max %s", dtype, bad)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("argmax[0, 1]")
                        .hasMessageContaining("outside [0, 3)");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void anArgmaxInsideTheGroupRoutesTheGradientToItsPiece(DType dtype) {
        try (CpuBackend backend = new CpuBackend(dtype, new BackendOptions(1));
             Tensor gradOut = backend.allocate(1, 2);
             Tensor argmax = backend.allocate(1, 2);
             Tensor gradZ = backend.allocate(1, 6)) {
            backend.upload(new double[] {5, 7}, 0, gradOut);
            backend.upload(new double[] {2, 0}, 0, argmax);
            backend.maxoutBackward(gradOut, argmax, 3, gradZ);
            double[] got = new double[6];
            backend.download(gradZ, got, 0);
            assertThat(got).containsExactly(0, 0, 5, 7, 0, 0);
        }
    }
}
