package dev.myelin.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Device memory: allocation, upload and download through the dtype, fill, copy, row gathers, views, and use of a
 * closed tensor.
 *
 * <p>Part of the backend test kit: a backend module's test class implements this interface (or {@link
 * BackendTestKit}, which gathers every area) and supplies the backend; see {@link BackendKit}.
 */
public interface DeviceMemoryKit extends BackendKit {

    @Test
    default void allocateGivesZeroFilledTensorsOfTheRequestedShape() {
        Tensor t = backend().allocate(3, 5);
        own(t);
        assertThat(t.rows()).isEqualTo(3);
        assertThat(t.cols()).isEqualTo(5);
        assertThat(t.dtype()).isEqualTo(backend().dtype());
        assertThat(held(t)).containsOnly(0.0);
    }

    @Test
    default void uploadAndDownloadRoundTripThroughTheDtypeAtOffsets() {
        double[] src = gaussian(20);
        Tensor t = operand(3, 4);
        backend().upload(src, 5, t);
        double[] dst = new double[16];
        dst[0] = -7;
        backend().download(t, dst, 2);
        assertThat(dst[0]).isEqualTo(-7);
        for (int i = 0; i < 12; i++) {
            double want = backend().dtype() == DType.FLOAT32 ? (float) src[5 + i] : src[5 + i];
            assertThat(dst[2 + i]).as("element %d", i).isEqualTo(want);
            assertThat(backend().readScalar(t, i)).isEqualTo(want);
        }
        assertBordersIntact("upload", t);
    }

    @Test
    default void fillSetsEveryElementOfTheOperandOnly() {
        Tensor t = operand(4, 3, true);
        backend().fill(t, 2.5);
        assertThat(held(t)).containsOnly(2.5);
        assertBordersIntact("fill", t);
    }

    @Test
    default void copyCopiesValuesBetweenViewsAndOwners() {
        double[] values = gaussian(6);
        Tensor src = operand(2, 3, values);
        Tensor dst = operand(2, 3);
        backend().copy(src, dst);
        assertThat(held(dst)).containsExactly(held(src));
        assertBordersIntact("copy", dst);
        Tensor wrong = operand(3, 2);
        assertThatThrownBy(() -> backend().copy(src, wrong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("copy").hasMessageContaining("[2, 3]").hasMessageContaining("[3, 2]");
    }

    @Test
    default void gatherRowsPicksRowsByIndexFromAnOffset() {
        Tensor src = operand(5, 3, gaussian(15));
        double[] s = held(src);
        int[] index = {9, 9, 4, 0, 4, 2};
        Tensor dst = operand(4, 3);
        backend().gatherRows(src, index, 2, dst);
        double[] want = new double[12];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(s, index[2 + i] * 3, want, i * 3, 3);
        }
        assertThat(held(dst)).containsExactly(want);
        assertBordersIntact("gatherRows", dst);
        assertThatThrownBy(() -> backend().gatherRows(src, new int[] {0, 5, 1, 1}, 0, dst))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5");
    }

    @Test
    default void gatherRowsByADeviceIndexTensorPicksTheSameRows() {
        Tensor src = operand(5, 3, gaussian(15));
        double[] s = held(src);
        Tensor index = int32Operand(1, 6, new int[] {4, 4, 3, 0, 3, 1});
        Tensor dst = operand(4, 3);
        backend().gatherRows(src, index, 2, dst);
        double[] want = new double[12];
        int[] rows = {3, 0, 3, 1};
        for (int i = 0; i < 4; i++) {
            System.arraycopy(s, rows[i] * 3, want, i * 3, 3);
        }
        assertThat(held(dst)).containsExactly(want);
        assertBordersIntact("gatherRows", dst);
        Tensor floatIndex = operand(1, 6, new double[] {4, 4, 3, 0, 3, 1});
        assertThatThrownBy(() -> backend().gatherRows(src, floatIndex, 2, dst)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gatherRows").hasMessageContaining("rowIndex").hasMessageContaining("INT32");
    }

    @Test
    default void gatherRowsByADeviceIndexReachesRowsAFloatCannotName() {
        int rows = (1 << 24) + 3; // 2^24 + 1 has no float32: as a float index it would read row 2^24
        Tensor src = backend().allocate(rows, 1);
        own(src);
        double[] values = new double[rows];
        for (int i = 0; i < rows; i++) {
            values[i] = i % 1000;
        }
        backend().upload(values, 0, src);
        Tensor index = int32Operand(1, 3, new int[] {(1 << 24) + 1, 1 << 24, (1 << 24) + 2});
        Tensor dst = operand(3, 1);
        backend().gatherRows(src, index, 0, dst);
        assertThat(held(dst)).containsExactly(values[(1 << 24) + 1], values[1 << 24], values[(1 << 24) + 2]);
    }

    @Test
    default void int32TensorsHoldIntegersExactlyAndRefuseFloatingPointOperations() {
        Tensor t = backend().allocateInt32(2, 3);
        own(t);
        assertThat(t.dtype()).isEqualTo(DType.INT32);
        assertThat(held(t)).containsOnly(0.0);
        int[] src = {7, Integer.MAX_VALUE, Integer.MIN_VALUE, (1 << 24) + 1, -1, 42, 99};
        backend().upload(src, 1, t);
        int[] dst = new int[8];
        dst[0] = -5;
        backend().download(t, dst, 2);
        assertThat(dst).containsExactly(-5, 0, Integer.MAX_VALUE, Integer.MIN_VALUE, (1 << 24) + 1, -1, 42, 99);
        assertThat(backend().readScalar(t, 2)).isEqualTo((1 << 24) + 1);
        Tensor view = backend().view(t, 3, 1, 2);
        assertThat(view.dtype()).isEqualTo(DType.INT32);
        backend().fill(view, -3);
        backend().download(t, dst, 0);
        assertThat(dst).startsWith(Integer.MAX_VALUE, Integer.MIN_VALUE, (1 << 24) + 1, -3, -3, 99);
        assertThatThrownBy(() -> backend().fill(t, 0.5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fill");
        assertThatThrownBy(() -> backend().scale(t, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scale").hasMessageContaining("INT32");
        assertThatThrownBy(() -> backend().upload(new double[6], 0, t)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("upload").hasMessageContaining("INT32");
        Tensor floats = operand(2, 3);
        assertThatThrownBy(() -> backend().upload(new int[6], 0, floats)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("upload").hasMessageContaining("INT32");
        assertThatThrownBy(() -> backend().download(floats, new int[6], 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("download").hasMessageContaining("INT32");
    }

    @Test
    default void viewsSeeTheSameStorageAsTheirBase() {
        Tensor base = backend().allocate(1, 12);
        own(base);
        backend().upload(gaussian(12), 0, base);
        double[] all = held(base);
        Tensor view = backend().view(base, 4, 2, 3);
        Tensor inner = backend().view(view, 2, 1, 3);
        assertThat(held(view)).containsExactly(java.util.Arrays.copyOfRange(all, 4, 10));
        assertThat(held(inner)).containsExactly(java.util.Arrays.copyOfRange(all, 6, 9));
        backend().scale(inner, 0);
        assertThat(held(base)[6]).isZero();
        assertThat(held(base)[9]).isEqualTo(all[9]);
    }

    @ParameterizedTest
    @EnumSource(value = ActivationKind.class, names = {"RELU", "SOFTMAX"})
    default void usingAClosedTensorFailsClearly(ActivationKind kind) {
        Tensor z = backend().allocate(2, 3);
        Tensor out = operand(2, 3);
        z.close();
        assertThatThrownBy(() -> backend().activationForward(kind, 0, z, out))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("close");
    }
}
