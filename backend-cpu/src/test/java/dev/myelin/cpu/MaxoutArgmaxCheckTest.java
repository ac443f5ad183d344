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
 * The CPU backend refuses a maxout arg-max that is no index in [0, k): the arg-max is an INT32 tensor, so the bad
 * values are the negative ones and those of k and above (NaN and fractions cannot be stored any more).
 */
class MaxoutArgmaxCheckTest {

    @ParameterizedTest
    @ValueSource(ints = {-1, 3, 4, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void anArgmaxOutsideTheGroupIsRefused(int bad) {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            try (CpuBackend backend = new CpuBackend(dtype, new BackendOptions(1));
                 Tensor gradOut = backend.allocate(1, 2);
                 Tensor argmax = backend.allocateInt32(1, 2);
                 Tensor gradZ = backend.allocate(1, 6)) {
                backend.upload(new double[] {1, 2}, 0, gradOut);
                backend.upload(new int[] {1, bad}, 0, argmax);
                assertThatThrownBy(() -> backend.maxoutBackward(gradOut, argmax, 3, gradZ))
                        .as("%s arg-max %s", dtype, bad)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("argmax[0, 1]")
                        .hasMessageContaining("outside [0, 3)");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void anArgmaxInsideTheGroupRoutesTheGradientToItsPiece(DType dtype) {
        try (CpuBackend backend = new CpuBackend(dtype, new BackendOptions(1));
             Tensor gradOut = backend.allocate(1, 2);
             Tensor argmax = backend.allocateInt32(1, 2);
             Tensor gradZ = backend.allocate(1, 6)) {
            backend.upload(new double[] {5, 7}, 0, gradOut);
            backend.upload(new int[] {2, 0}, 0, argmax);
            backend.maxoutBackward(gradOut, argmax, 3, gradZ);
            double[] got = new double[6];
            backend.download(gradZ, got, 0);
            assertThat(got).containsExactly(0, 0, 5, 7, 0, 0);
        }
    }
}
