package dev.myelin.kernels;

import static dev.myelin.cuda.LaunchGeometry.elementGrid;
import static dev.myelin.kernels.KernelHarness.assertClose;
import static dev.myelin.kernels.KernelHarness.random;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.Tensor;
import dev.myelin.sim.SimulatedDevice;
import java.util.Random;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code elementwise.cu} against the float64 CPU backend running the same Backend operation, on
 * sizes that are odd and not multiples of the block. Each kernel rounds once per float operation,
 * so the tolerance is float rounding: 1e-6 relative + 1e-6 absolute (inputs in [−2, 2]); gather
 * is a copy and must be exact.
 */
@SimulatedDevice
class ElementwiseKernelsTest extends KernelTestCase {

    private static final int[] SIZES = {1, 31, 255, 257, 1000, 4099};
    private static final double REL = 1e-6;
    private static final double ABS = 1e-6;

    @Test
    void axpyScaleAddSignClampAndMultiplyMatchFloat64() {
        Random random = new Random(11);
        for (int n : SIZES) {
            float[] x = random(random, n, -2, 2);
            float[] y = random(random, n, -2, 2);
            x[0] = 0f; // sign(0) = 0
            Tensor tx = h.tensor(x, 1, n);

            Tensor ty = h.tensor(y, 1, n);
            h.cpu.axpy(-0.75, tx, ty);
            CUdeviceptr dy = h.upload(y);
            h.launch1d(h.function("myelin_axpy"), elementGrid(n), -0.75f, h.upload(x), dy, n);
            assertClose("axpy n=" + n, h.download(dy, n), h.values(ty), REL, ABS);

            Tensor ts = h.tensor(x, 1, n);
            h.cpu.scale(ts, 1.5);
            CUdeviceptr dx = h.upload(x);
            h.launch1d(h.function("myelin_scale"), elementGrid(n), dx, 1.5f, n);
            assertClose("scale n=" + n, h.download(dx, n), h.values(ts), REL, ABS);

            Tensor tsign = h.tensor(y, 1, n);
            h.cpu.addSign(0.25, tx, tsign);
            CUdeviceptr dsign = h.upload(y);
            h.launch1d(h.function("myelin_add_sign"), elementGrid(n), 0.25f, h.upload(x), dsign, n);
            assertClose("addSign n=" + n, h.download(dsign, n), h.values(tsign), REL, ABS);

            Tensor tc = h.tensor(x, 1, n);
            h.cpu.clamp(tc, -0.5, 1.25);
            CUdeviceptr dc = h.upload(x);
            h.launch1d(h.function("myelin_clamp"), elementGrid(n), dc, -0.5f, 1.25f, n);
            assertClose("clamp n=" + n, h.download(dc, n), h.values(tc), 0, 0);

            Tensor tm = h.cpu.allocate(1, n);
            h.cpu.multiply(tx, ty, tm);
            CUdeviceptr dm = h.upload(new float[n]);
            h.launch1d(h.function("myelin_multiply"), elementGrid(n), h.upload(x), h.upload(h.download(dy, n)), dm, n);
            // The device's y is the float32 axpy result; the oracle multiplies by its float64 one.
            assertClose("multiply n=" + n, h.download(dm, n), h.values(tm), 1e-5, ABS);
        }
    }

    @Test
    void aSingleBlockCoversEveryElementByStridingOverTheGrid() {
        int n = 4099; // 16 strides of a 256-thread block, plus a partial one
        float[] x = random(new Random(14), n, -2, 2);
        float[] y = random(new Random(15), n, -2, 2);
        Tensor ty = h.tensor(y, 1, n);
        h.cpu.axpy(2.0, h.tensor(x, 1, n), ty);
        CUdeviceptr dy = h.upload(y);
        h.launch1d(h.function("myelin_axpy"), 1, 2.0f, h.upload(x), dy, n);
        assertClose("axpy, grid 1", h.download(dy, n), h.values(ty), REL, ABS);
    }

    @Test
    void clampKeepsNaNLikeTheCpuBackend() {
        float[] x = {Float.NaN, -3f, 3f, 0.5f};
        CUdeviceptr dx = h.upload(x);
        h.launch1d(h.function("myelin_clamp"), 1, dx, -1f, 1f, x.length);
        Tensor t = h.tensor(x, 1, x.length);
        h.cpu.clamp(t, -1, 1);
        assertClose("clamp", h.download(dx, x.length), h.values(t), 0, 0);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1, 1", "3, 7", "37, 53", "129, 10", "5, 300"})
    void addRowVectorBroadcastsTheBiasOverOddShapes(int rows, int cols) {
        Random random = new Random(12);
        float[] m = random(random, rows * cols, -2, 2);
        float[] b = random(random, cols, -2, 2);
        Tensor tm = h.tensor(m, rows, cols);
        h.cpu.addRowVector(tm, h.tensor(b, 1, cols));
        CUdeviceptr dm = h.upload(m);
        h.launch1d(h.function("myelin_add_row_vector"), elementGrid((long) rows * cols), dm, h.upload(b), rows, cols);
        assertClose("addRowVector " + rows + "x" + cols, h.download(dm, rows * cols), h.values(tm), REL, ABS);
    }

    /**
     * Rows 17…57 of an 80-row random int index into a random 50×33 source, gathered as the CPU backend gathers them by
     * an INT32 index tensor: exactly, and nothing reported in the status record.
     */
    @Test
    void gatherRowsCopiesTheIndexedRowsExactly() {
        Random random = new Random(13);
        int srcRows = 50;
        int cols = 33;
        float[] src = random(random, srcRows * cols, -2, 2);
        int[] index = new int[80];
        for (int i = 0; i < index.length; i++) {
            index[i] = random.nextInt(srcRows);
        }
        int from = 17;
        int rows = 41;
        Tensor dst = h.cpu.allocate(rows, cols);
        h.cpu.gatherRows(h.tensor(src, srcRows, cols), h.int32Tensor(index, 1, index.length), from, dst);
        CUdeviceptr ddst = h.upload(new float[rows * cols]);
        CUdeviceptr status = h.statusWord();
        h.launch1d(h.function("myelin_gather_rows"), elementGrid((long) rows * cols), h.upload(src), srcRows, h.upload(index), from, ddst,
                rows, cols, status);
        assertClose("gatherRows", h.download(ddst, rows * cols), h.values(dst), 0, 0);
        assertThat(h.downloadLongs(status, 2)).as("status record").containsExactly(-1L, 0L);
    }

    /**
     * An index outside the source (too large, negative) gives its row NaN instead of a read outside src (the CPU
     * backend throws), and the lowest such position is reported with its index and the source's shape:
     * {@code position << 32 | index}, {@code cols << 32 | srcRows}.
     */
    @Test
    void gatherRowsWritesNaNAndReportsTheFirstIndexOutsideTheSource() {
        float[] src = {1f, 2f, 3f, 4f, 5f, 6f}; // 3 rows of 2
        CUdeviceptr dst = h.upload(new float[8]);
        CUdeviceptr status = h.statusWord();
        h.launch1d(h.function("myelin_gather_rows"), 1, h.upload(src), 3, h.upload(new int[] {-9, 1, 0, -1, 3, 2}), 2, dst, 4, 2, status);
        double nan = Double.NaN;
        assertClose("gatherRows", h.download(dst, 8), new double[] {1, 2, nan, nan, nan, nan, 5, 6}, 0, 0);
        assertThat(h.downloadLongs(status, 2)).as("status record: position 3 holds -1; src [3, 2]")
                .containsExactly(3L << 32 | 0xffffffffL, 2L << 32 | 3);
        CUdeviceptr quiet = h.upload(new float[2]);
        h.launch1d(h.function("myelin_gather_rows"), 1, h.upload(src), 3, h.upload(new int[] {5}), 0, quiet, 1, 2, null);
        assertClose("gatherRows without a status record", h.download(quiet, 2), new double[] {nan, nan}, 0, 0);
    }
}
