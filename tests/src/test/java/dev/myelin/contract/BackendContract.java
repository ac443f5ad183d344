package dev.myelin.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Backend;
import dev.myelin.backend.DType;
import dev.myelin.backend.LossKind;
import dev.myelin.backend.LossSpec;
import dev.myelin.backend.MomentumForm;
import dev.myelin.backend.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The backend contract: every {@link Backend} operation, run on the backend a subclass supplies,
 * compared with a plain float64 reference written here (Commons Math for GEMM, the formulas of
 * the loss and activation documentation for the rest).
 *
 * <p>Inputs are uploaded, then downloaded again, and the reference is computed from the values
 * the backend actually holds, so a tolerance measures the backend's arithmetic, not the rounding
 * of the inputs to its dtype. Operands are alternately owning tensors and views at an offset
 * inside a larger buffer whose other elements hold a sentinel that must survive every operation.
 * Tolerances are per dtype ({@link Tolerance#FLOAT64}, {@link Tolerance#FLOAT32}); a subclass may
 * override {@link #tolerance()}.
 */
public abstract class BackendContract {

    /**
     * How close a backend must come to the float64 reference: {@code |got − want| ≤ relative·max(|want|,
     * scale) + absolute}, where {@code scale} is the magnitude of the terms that were combined. GEMM
     * adds {@code gemmAbsolutePerK · k · |α| · max|A| · max|B|} (rounding grows with the depth k).
     *
     * @param relative          relative error allowed
     * @param absolute          absolute floor
     * @param gemmAbsolutePerK  GEMM's absolute floor per unit of depth k
     */
    public record Tolerance(double relative, double absolute, double gemmAbsolutePerK) {
        /** float64: a few ulps of relative error. */
        public static final Tolerance FLOAT64 = new Tolerance(1e-12, 1e-14, 1e-15);
        /** float32: ~100 ulps relative; GEMM ~16 ulps per unit of k. */
        public static final Tolerance FLOAT32 = new Tolerance(1e-5, 1e-6, 1e-6);
    }

    /** Value kept outside every view; an operation that touches it wrote outside its operand. */
    private static final double SENTINEL = 12345.0;

    private static final double SELU_LAMBDA = 1.0507009873554804934193349852946;
    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;

    private Backend backend;
    private final Random random = new Random(20261122);
    private final List<Tensor> owned = new ArrayList<>();
    private final Map<Tensor, Tensor> baseOfView = new IdentityHashMap<>();
    private final Map<Tensor, Integer> offsetOfView = new IdentityHashMap<>();
    private int operandCount;

    /** A fresh backend for one test; the suite closes it. */
    protected abstract Backend openBackend();

    /** Tolerance for this backend; by default from its dtype. */
    protected Tolerance tolerance() {
        return backend.dtype() == DType.FLOAT64 ? Tolerance.FLOAT64 : Tolerance.FLOAT32;
    }

    /** The backend under test. */
    protected final Backend backend() {
        return backend;
    }

    @BeforeEach
    void openTheBackend() {
        backend = openBackend();
    }

    @AfterEach
    void closeTheBackend() {
        for (Tensor t : owned) {
            t.close();
        }
        owned.clear();
        baseOfView.clear();
        offsetOfView.clear();
        backend.close();
    }

    // ------------------------------------------------------------------ operands

    /** A zero-filled owning tensor or, every other call, a zero-filled view at an offset inside a sentinel-filled buffer. */
    private Tensor operand(int rows, int cols) {
        return operand(rows, cols, (operandCount++ & 1) == 1);
    }

    private Tensor operand(int rows, int cols, boolean asView) {
        if (!asView) {
            Tensor t = backend.allocate(rows, cols);
            owned.add(t);
            return t;
        }
        int offset = 3 + random.nextInt(5);
        int size = rows * cols;
        Tensor base = backend.allocate(1, offset + size + 4);
        owned.add(base);
        backend.fill(base, SENTINEL);
        Tensor view = backend.view(base, offset, rows, cols);
        backend.fill(view, 0);
        baseOfView.put(view, base);
        offsetOfView.put(view, offset);
        return view;
    }

    /** An operand holding {@code values}; returns it, and the values it holds are {@link #held}. */
    private Tensor operand(int rows, int cols, double[] values) {
        Tensor t = operand(rows, cols);
        backend.upload(values, 0, t);
        return t;
    }

    private double[] held(Tensor t) {
        double[] out = new double[t.size()];
        backend.download(t, out, 0);
        return out;
    }

    private void assertBordersIntact(String op, Tensor... tensors) {
        for (Tensor t : tensors) {
            Tensor base = baseOfView.get(t);
            if (base == null) {
                continue;
            }
            int offset = offsetOfView.get(t);
            double[] all = held(base);
            for (int i = 0; i < all.length; i++) {
                if ((i < offset || i >= offset + t.size()) && all[i] != SENTINEL) {
                    fail(op + " wrote outside its operand " + t.shape() + " (view at offset " + offset
                            + "): element " + i + " of the base is " + all[i]);
                }
            }
        }
    }

    private double[] gaussian(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    private double[] uniform(int n, double lo, double hi) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * random.nextDouble();
        }
        return x;
    }

    private void assertClose(String what, double[] want, double[] got) {
        assertClose(what, want, got, null);
    }

    /** Element-wise comparison; {@code scale[i]} (may be null) is the magnitude of the terms combined. */
    private void assertClose(String what, double[] want, double[] got, double[] scale) {
        assertThat(got).as(what + ": length").hasSize(want.length);
        Tolerance tol = tolerance();
        for (int i = 0; i < want.length; i++) {
            double magnitude = Math.max(Math.abs(want[i]), scale == null ? 0 : scale[i]);
            double allowed = tol.relative() * magnitude + tol.absolute();
            if (!(Math.abs(got[i] - want[i]) <= allowed) && !(Double.isNaN(want[i]) && Double.isNaN(got[i]))
                    && !(want[i] == got[i])) {
                fail(what + " on " + backend.name() + ": element " + i + " is " + got[i] + ", reference " + want[i]
                        + " (allowed difference " + allowed + ")");
            }
        }
    }

    private void assertClose(String what, double want, double got) {
        assertClose(what, new double[] {want}, new double[] {got});
    }

    // ------------------------------------------------------------------ memory

    @Test
    void allocateGivesZeroFilledTensorsOfTheRequestedShape() {
        Tensor t = backend.allocate(3, 5);
        owned.add(t);
        assertThat(t.rows()).isEqualTo(3);
        assertThat(t.cols()).isEqualTo(5);
        assertThat(t.dtype()).isEqualTo(backend.dtype());
        assertThat(held(t)).containsOnly(0.0);
    }

    @Test
    void uploadAndDownloadRoundTripThroughTheDtypeAtOffsets() {
        double[] src = gaussian(20);
        Tensor t = operand(3, 4);
        backend.upload(src, 5, t);
        double[] dst = new double[16];
        dst[0] = -7;
        backend.download(t, dst, 2);
        assertThat(dst[0]).isEqualTo(-7);
        for (int i = 0; i < 12; i++) {
            double want = backend.dtype() == DType.FLOAT32 ? (float) src[5 + i] : src[5 + i];
            assertThat(dst[2 + i]).as("element %d", i).isEqualTo(want);
            assertThat(backend.readScalar(t, i)).isEqualTo(want);
        }
        assertBordersIntact("upload", t);
    }

    @Test
    void fillSetsEveryElementOfTheOperandOnly() {
        Tensor t = operand(4, 3, true);
        backend.fill(t, 2.5);
        assertThat(held(t)).containsOnly(2.5);
        assertBordersIntact("fill", t);
    }

    @Test
    void copyCopiesValuesBetweenViewsAndOwners() {
        double[] values = gaussian(6);
        Tensor src = operand(2, 3, values);
        Tensor dst = operand(2, 3);
        backend.copy(src, dst);
        assertThat(held(dst)).containsExactly(held(src));
        assertBordersIntact("copy", dst);
        Tensor wrong = operand(3, 2);
        assertThatThrownBy(() -> backend.copy(src, wrong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("copy").hasMessageContaining("[2, 3]").hasMessageContaining("[3, 2]");
    }

    @Test
    void gatherRowsPicksRowsByIndexFromAnOffset() {
        Tensor src = operand(5, 3, gaussian(15));
        double[] s = held(src);
        int[] index = {9, 9, 4, 0, 4, 2};
        Tensor dst = operand(4, 3);
        backend.gatherRows(src, index, 2, dst);
        double[] want = new double[12];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(s, index[2 + i] * 3, want, i * 3, 3);
        }
        assertThat(held(dst)).containsExactly(want);
        assertBordersIntact("gatherRows", dst);
        assertThatThrownBy(() -> backend.gatherRows(src, new int[] {0, 5, 1, 1}, 0, dst))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5");
    }

    @Test
    void gatherRowsByADeviceIndexTensorPicksTheSameRows() {
        Tensor src = operand(5, 3, gaussian(15));
        double[] s = held(src);
        Tensor index = operand(1, 6, new double[] {4, 4, 3, 0, 3, 1});
        Tensor dst = operand(4, 3);
        backend.gatherRows(src, index, 2, dst);
        double[] want = new double[12];
        int[] rows = {3, 0, 3, 1};
        for (int i = 0; i < 4; i++) {
            System.arraycopy(s, rows[i] * 3, want, i * 3, 3);
        }
        assertThat(held(dst)).containsExactly(want);
        assertBordersIntact("gatherRows", dst);
    }

    @Test
    void viewsSeeTheSameStorageAsTheirBase() {
        Tensor base = backend.allocate(1, 12);
        owned.add(base);
        backend.upload(gaussian(12), 0, base);
        double[] all = held(base);
        Tensor view = backend.view(base, 4, 2, 3);
        Tensor inner = backend.view(view, 2, 1, 3);
        assertThat(held(view)).containsExactly(java.util.Arrays.copyOfRange(all, 4, 10));
        assertThat(held(inner)).containsExactly(java.util.Arrays.copyOfRange(all, 6, 9));
        backend.scale(inner, 0);
        assertThat(held(base)[6]).isZero();
        assertThat(held(base)[9]).isEqualTo(all[9]);
    }

    // ------------------------------------------------------------------ GEMM

    static Stream<Arguments> gemmShapes() {
        int[][] shapes = {
            {1, 1, 1}, {1, 7, 1}, {3, 1, 5}, {2, 3, 4}, {7, 13, 5}, {17, 9, 33}, {64, 64, 64},
            {65, 31, 257}, {63, 257, 130}, {130, 300, 70}, {1, 513, 300}, {300, 4, 1}, {70, 1031, 19},
        };
        List<Arguments> args = new ArrayList<>();
        for (int[] s : shapes) {
            for (int combo = 0; combo < 4; combo++) {
                args.add(Arguments.of(s[0], s[1], s[2], (combo & 1) != 0, (combo & 2) != 0));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "m={0} k={1} n={2} transA={3} transB={4}")
    @MethodSource("gemmShapes")
    void gemmMatchesCommonsMathForEveryTransposeCombination(int m, int k, int n, boolean transA, boolean transB) {
        double[][] alphaBeta = {{1.0, 0.0}, {-0.75, 1.0}, {2.0, -0.5}};
        for (double[] ab : alphaBeta) {
            checkGemm(m, k, n, transA, transB, ab[0], ab[1]);
        }
    }

    private void checkGemm(int m, int k, int n, boolean transA, boolean transB, double alpha, double beta) {
        Tensor a = transA ? operand(k, m, gaussian(k * m)) : operand(m, k, gaussian(m * k));
        Tensor b = transB ? operand(n, k, gaussian(n * k)) : operand(k, n, gaussian(k * n));
        double[] c0 = gaussian(m * n);
        if (beta == 0) {
            c0[0] = Double.NaN;
            c0[c0.length - 1] = Double.POSITIVE_INFINITY;
        }
        Tensor c = operand(m, n, c0);
        double[] cHeld = held(c);
        RealMatrix ra = matrix(held(a), a.rows(), a.cols());
        RealMatrix rb = matrix(held(b), b.rows(), b.cols());
        RealMatrix product = (transA ? ra.transpose() : ra).multiply(transB ? rb.transpose() : rb);
        double maxA = maxAbs(held(a));
        double maxB = maxAbs(held(b));

        backend.gemm(transA, transB, alpha, a, b, beta, c);

        double[] got = held(c);
        Tolerance tol = tolerance();
        String what = "gemm m=" + m + " k=" + k + " n=" + n + " transA=" + transA + " transB=" + transB
                + " alpha=" + alpha + " beta=" + beta;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double ab = alpha * product.getEntry(i, j);
                double bc = beta == 0 ? 0 : beta * cHeld[i * n + j];
                double want = ab + bc;
                double allowed = tol.relative() * (Math.abs(ab) + Math.abs(bc)) + tol.absolute()
                        + tol.gemmAbsolutePerK() * k * Math.abs(alpha) * maxA * maxB;
                double g = got[i * n + j];
                if (!(Math.abs(g - want) <= allowed)) {
                    fail(what + " on " + backend.name() + ": C[" + i + ", " + j + "] is " + g + ", reference " + want
                            + " (allowed difference " + allowed + ")");
                }
            }
        }
        assertBordersIntact(what, c);
    }

    @Test
    void gemmMatchesCommonsMathOnRandomShapes() {
        Random shapes = new Random(77);
        for (int trial = 0; trial < 12; trial++) {
            int m = 1 + shapes.nextInt(trial < 6 ? 9 : 200);
            int k = 1 + shapes.nextInt(trial < 6 ? 9 : 400);
            int n = 1 + shapes.nextInt(trial < 6 ? 9 : 300);
            checkGemm(m, k, n, shapes.nextBoolean(), shapes.nextBoolean(), 1 + shapes.nextGaussian(),
                    shapes.nextBoolean() ? 0.0 : shapes.nextGaussian());
        }
    }

    @Test
    void gemmWithDepthZeroScalesC() {
        Tensor a = operand(3, 0);
        Tensor b = operand(0, 4);
        Tensor c = operand(3, 4, gaussian(12));
        double[] before = held(c);
        backend.gemm(false, false, 1.0, a, b, 0.5, c);
        double[] want = new double[12];
        for (int i = 0; i < 12; i++) {
            want[i] = 0.5 * before[i];
        }
        assertClose("gemm k=0 beta=0.5", want, held(c));
        backend.upload(new double[] {Double.NaN, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 0, c);
        backend.gemm(true, true, 1.0, operand(0, 3), operand(4, 0), 0.0, c);
        assertThat(held(c)).containsOnly(0.0);
        assertBordersIntact("gemm k=0", c);
    }

    @Test
    void gemmOnEmptyMatricesTouchesNothing() {
        Tensor c = operand(0, 5);
        backend.gemm(false, false, 1.0, operand(0, 3), operand(3, 5, gaussian(15)), 0.0, c);
        Tensor c2 = operand(4, 0);
        backend.gemm(false, true, 1.0, operand(4, 3, gaussian(12)), operand(0, 3), 1.0, c2);
        assertThat(held(c)).isEmpty();
        assertBordersIntact("gemm on empty matrices", c, c2);
    }

    @Test
    void gemmRejectsMismatchedShapesNamingThem() {
        Tensor a = operand(2, 3);
        Tensor b = operand(4, 5);
        Tensor c = operand(2, 5);
        assertThatThrownBy(() -> backend.gemm(false, false, 1, a, b, 0, c))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gemm").hasMessageContaining("[2, 3]").hasMessageContaining("[4, 5]");
        Tensor c2 = operand(3, 5);
        assertThatThrownBy(() -> backend.gemm(true, false, 1, operand(4, 2), b, 0, c2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3, 5]");
    }

    private static RealMatrix matrix(double[] values, int rows, int cols) {
        RealMatrix r = new BlockRealMatrix(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                r.setEntry(i, j, values[i * cols + j]);
            }
        }
        return r;
    }

    private static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    // ------------------------------------------------------------------ broadcast, reductions, BLAS-1

    @Test
    void addRowVectorAddsTheRowToEveryRow() {
        int rows = 7;
        int cols = 13;
        Tensor m = operand(rows, cols, gaussian(rows * cols));
        Tensor row = operand(1, cols, gaussian(cols));
        double[] mv = held(m);
        double[] rv = held(row);
        backend.addRowVector(m, row);
        double[] want = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                want[i * cols + j] = mv[i * cols + j] + rv[j];
            }
        }
        assertClose("addRowVector", want, held(m), absSum(mv, rv, cols));
        assertBordersIntact("addRowVector", m);
        assertThatThrownBy(() -> backend.addRowVector(m, operand(1, cols + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("addRowVector")
                .hasMessageContaining("[7, 13]").hasMessageContaining("[1, 14]");
    }

    /** {@code |m[i]| + |row[i % cols]|}: the scale of a sum of the two. */
    private static double[] absSum(double[] m, double[] row, int cols) {
        double[] s = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            s[i] = Math.abs(m[i]) + Math.abs(row[i % cols]);
        }
        return s;
    }

    @Test
    void columnSumsAddsUpEachColumnWithBeta() {
        int rows = 37;
        int cols = 11;
        Tensor m = operand(rows, cols, gaussian(rows * cols));
        double[] mv = held(m);
        double[] sums = new double[cols];
        double[] scale = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                sums[j] += mv[i * cols + j];
                scale[j] += Math.abs(mv[i * cols + j]);
            }
        }
        Tensor out = operand(1, cols, gaussian(cols));
        double[] before = held(out);
        backend.columnSums(m, 0.5, out);
        double[] want = new double[cols];
        double[] wantScale = new double[cols];
        for (int j = 0; j < cols; j++) {
            want[j] = 0.5 * before[j] + sums[j];
            wantScale[j] = 0.5 * Math.abs(before[j]) + scale[j];
        }
        assertClose("columnSums beta=0.5", want, held(out), wantScale);
        double[] nan = new double[cols];
        java.util.Arrays.fill(nan, Double.NaN);
        backend.upload(nan, 0, out);
        backend.columnSums(m, 0.0, out);
        assertClose("columnSums beta=0 over NaN", sums, held(out), scale);
        assertBordersIntact("columnSums", out);
    }

    @Test
    void axpyAndScaleWorkOnEqualSizesOfAnyShape() {
        Tensor x = operand(6, 5, gaussian(30));
        Tensor y = operand(3, 10, gaussian(30));
        double[] xv = held(x);
        double[] yv = held(y);
        backend.axpy(-1.5, x, y);
        double[] want = new double[30];
        double[] scale = new double[30];
        for (int i = 0; i < 30; i++) {
            want[i] = -1.5 * xv[i] + yv[i];
            scale[i] = 1.5 * Math.abs(xv[i]) + Math.abs(yv[i]);
        }
        assertClose("axpy", want, held(y), scale);
        backend.scale(x, 0.25);
        for (int i = 0; i < 30; i++) {
            want[i] = 0.25 * xv[i];
        }
        assertClose("scale", want, held(x));
        assertBordersIntact("axpy/scale", x, y);
        assertThatThrownBy(() -> backend.axpy(1, x, operand(1, 29))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("axpy").hasMessageContaining("[6, 5]").hasMessageContaining("[1, 29]");
    }

    @Test
    void sumOfSquaresAndSumOfAbsReduceEverything() {
        Tensor x = operand(31, 17, gaussian(31 * 17));
        double[] xv = held(x);
        double squares = 0;
        double abs = 0;
        for (double v : xv) {
            squares += v * v;
            abs += Math.abs(v);
        }
        Tensor out = operand(1, 1, new double[] {99});
        backend.sumOfSquares(x, out);
        assertClose("sumOfSquares", squares, held(out)[0]);
        backend.sumOfAbs(x, out);
        assertClose("sumOfAbs", abs, held(out)[0]);
        assertBordersIntact("sums", out);
    }

    @Test
    void addSignAddsLambdaTimesSignWithSignOfZeroZero() {
        double[] xs = gaussian(24);
        xs[3] = 0;
        xs[7] = -0.0;
        Tensor x = operand(4, 6, xs);
        Tensor y = operand(2, 12, gaussian(24));
        double[] xv = held(x);
        double[] yv = held(y);
        backend.addSign(0.3, x, y);
        double[] want = new double[24];
        double[] scale = new double[24];
        for (int i = 0; i < 24; i++) {
            want[i] = yv[i] + 0.3 * Math.signum(xv[i]);
            scale[i] = Math.abs(yv[i]) + 0.3;
        }
        assertClose("addSign", want, held(y), scale);
        assertThat(held(y)[3]).isEqualTo(yv[3]);
        assertBordersIntact("addSign", y);
    }

    @Test
    void countNonFiniteCountsNaNsAndInfinities() {
        double[] xs = gaussian(20);
        xs[0] = Double.NaN;
        xs[5] = Double.POSITIVE_INFINITY;
        xs[19] = Double.NEGATIVE_INFINITY;
        xs[7] = 1e300;
        Tensor x = operand(4, 5, xs);
        Tensor out = operand(1, 2);
        backend.countNonFinite(x, out);
        double expected = backend.dtype() == DType.FLOAT32 ? 4 : 3;
        assertThat(held(out)[0]).as("1e300 overflows to infinity in float32").isEqualTo(expected);
    }

    // ------------------------------------------------------------------ activations

    static Stream<Arguments> activations() {
        return Stream.of(
                Arguments.of(ActivationKind.IDENTITY, 0.0),
                Arguments.of(ActivationKind.SIGMOID, 0.0),
                Arguments.of(ActivationKind.TANH, 0.0),
                Arguments.of(ActivationKind.RELU, 0.0),
                Arguments.of(ActivationKind.LEAKY_RELU, 0.01),
                Arguments.of(ActivationKind.ELU, 1.0),
                Arguments.of(ActivationKind.ELU, 0.3),
                Arguments.of(ActivationKind.SELU, 0.0),
                Arguments.of(ActivationKind.SWISH, 0.0),
                Arguments.of(ActivationKind.SOFTMAX, 0.0),
                Arguments.of(ActivationKind.RECTIFIER, -1.0),
                Arguments.of(ActivationKind.RECTIFIER, 0.25));
    }

    private static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    /** f(z) written out from the documented formulas. */
    private static double activation(ActivationKind kind, double alpha, double z) {
        switch (kind) {
            case IDENTITY: return z;
            case SIGMOID: return sigmoid(z);
            case TANH: return Math.tanh(z);
            case RELU: return Math.max(0, z);
            case LEAKY_RELU:
            case RECTIFIER: return Math.max(0, z) + alpha * Math.min(0, z);
            case ELU: return z > 0 ? z : alpha * Math.expm1(z);
            case SELU: return SELU_LAMBDA * (z > 0 ? z : SELU_ALPHA * Math.expm1(z));
            case SWISH: return z * sigmoid(z);
            default: throw new IllegalArgumentException(kind.toString());
        }
    }

    /** f'(z) written out from the documented formulas. */
    private static double derivative(ActivationKind kind, double alpha, double z) {
        switch (kind) {
            case IDENTITY: return 1;
            case SIGMOID: return sigmoid(z) * (1 - sigmoid(z));
            case TANH: return 1 - Math.tanh(z) * Math.tanh(z);
            case RELU: return z > 0 ? 1 : 0;
            case LEAKY_RELU:
            case RECTIFIER: return z > 0 ? 1 : alpha;
            case ELU: return z > 0 ? 1 : alpha * Math.exp(z);
            case SELU: return SELU_LAMBDA * (z > 0 ? 1 : SELU_ALPHA * Math.exp(z));
            case SWISH: return sigmoid(z) + z * sigmoid(z) * (1 - sigmoid(z));
            default: throw new IllegalArgumentException(kind.toString());
        }
    }

    @ParameterizedTest(name = "{0} alpha={1}")
    @MethodSource("activations")
    void activationForwardAndBackwardMatchTheFormulas(ActivationKind kind, double alpha) {
        int rows = 9;
        int cols = kind == ActivationKind.SOFTMAX ? 13 : 301;
        double[] zs = gaussian(rows * cols);
        for (int i = 0; i < zs.length; i++) {
            zs[i] *= 3;
        }
        zs[0] = 0;
        zs[1] = 40;
        zs[2] = -40;
        Tensor z = operand(rows, cols, zs);
        Tensor out = operand(rows, cols);
        double[] zv = held(z);
        backend.activationForward(kind, alpha, z, out);
        double[] outRef = new double[zv.length];
        if (kind == ActivationKind.SOFTMAX) {
            for (int i = 0; i < rows; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) {
                    max = Math.max(max, zv[i * cols + j]);
                }
                double sum = 0;
                for (int j = 0; j < cols; j++) {
                    sum += Math.exp(zv[i * cols + j] - max);
                }
                for (int j = 0; j < cols; j++) {
                    outRef[i * cols + j] = Math.exp(zv[i * cols + j] - max) / sum;
                }
            }
        } else {
            for (int i = 0; i < zv.length; i++) {
                outRef[i] = activation(kind, alpha, zv[i]);
            }
        }
        assertClose(kind + " forward", outRef, held(out));

        Tensor gradOut = operand(rows, cols, gaussian(rows * cols));
        Tensor gradZ = operand(rows, cols);
        double[] g = held(gradOut);
        double[] o = held(out);
        backend.activationBackward(kind, alpha, z, out, gradOut, gradZ);
        double[] gzRef = new double[zv.length];
        double[] scale = new double[zv.length];
        if (kind == ActivationKind.SOFTMAX) {
            for (int i = 0; i < rows; i++) {
                double dot = 0;
                double absDot = 0;
                for (int j = 0; j < cols; j++) {
                    dot += g[i * cols + j] * o[i * cols + j];
                    absDot += Math.abs(g[i * cols + j] * o[i * cols + j]);
                }
                for (int j = 0; j < cols; j++) {
                    int e = i * cols + j;
                    gzRef[e] = o[e] * (g[e] - dot);
                    scale[e] = Math.abs(o[e]) * (Math.abs(g[e]) + absDot);
                }
            }
        } else {
            for (int i = 0; i < zv.length; i++) {
                gzRef[i] = g[i] * derivative(kind, alpha, zv[i]);
            }
        }
        assertClose(kind + " backward", gzRef, held(gradZ), scale);
        assertBordersIntact(kind.toString(), out, gradZ);

        backend.activationBackward(kind, alpha, z, out, gradOut, gradOut);
        assertClose(kind + " backward in place (gradZ = gradOut)", gzRef, held(gradOut), scale);
        backend.activationForward(kind, alpha, z, z);
        assertClose(kind + " forward in place (out = z)", outRef, held(z));
    }

    @Test
    void sigmoidAndSoftmaxStayFiniteForHugeInputs() {
        Tensor z = operand(1, 4, new double[] {1000, -1000, 0, 80});
        Tensor out = operand(1, 4);
        backend.activationForward(ActivationKind.SIGMOID, 0, z, out);
        assertClose("sigmoid of huge inputs", new double[] {1, 0, 0.5, sigmoid(80)}, held(out));
        backend.activationForward(ActivationKind.SOFTMAX, 0, z, out);
        assertClose("softmax of huge inputs", new double[] {1, 0, 0, 0}, held(out));
    }

    @Test
    void lossesOnLogitsStayFiniteForHugeLogits() {
        LossSpec bce = new LossSpec(LossKind.BINARY_CROSS_ENTROPY, true, 0, 0);
        Tensor logits = operand(2, 1, new double[] {100, -100});
        Tensor labels = operand(2, 1, new double[] {0, 1});
        Tensor lossSum = operand(1, 1);
        backend.lossForward(bce, logits, labels, lossSum);
        assertClose("BCE on logits ±100 with the wrong label: 100 per sample", 200.0, held(lossSum)[0]);
        Tensor grad = operand(2, 1);
        backend.lossBackward(bce, logits, labels, 1.0, grad);
        assertClose("BCE-on-logits gradient σ(x) − t", new double[] {1, -1}, held(grad));

        LossSpec ce = new LossSpec(LossKind.CATEGORICAL_CROSS_ENTROPY, true, 0, 0);
        Tensor big = operand(1, 3, new double[] {1000, 0, -1000});
        Tensor target = operand(1, 3, new double[] {0, 1, 0});
        backend.fill(lossSum, 0);
        backend.lossForward(ce, big, target, lossSum);
        assertClose("CE on logits (1000, 0, −1000), class 1: log-sum-exp − 0", 1000.0, held(lossSum)[0]);
        Tensor ceGrad = operand(1, 3);
        backend.lossBackward(ce, big, target, 1.0, ceGrad);
        assertClose("CE-on-logits gradient softmax − t", new double[] {1, -1, 0}, held(ceGrad));
    }

    // ------------------------------------------------------------------ losses

    static Stream<Arguments> losses() {
        return Stream.of(
                Arguments.of(new LossSpec(LossKind.MEAN_SQUARED_ERROR, false, 0, 0)),
                Arguments.of(new LossSpec(LossKind.MEAN_ABSOLUTE_ERROR, false, 0, 0)),
                Arguments.of(new LossSpec(LossKind.HUBER, false, 1.0, 0)),
                Arguments.of(new LossSpec(LossKind.HUBER, false, 0.3, 0)),
                Arguments.of(new LossSpec(LossKind.BINARY_CROSS_ENTROPY, false, 0, 0)),
                Arguments.of(new LossSpec(LossKind.BINARY_CROSS_ENTROPY, true, 0, 0)),
                Arguments.of(new LossSpec(LossKind.CATEGORICAL_CROSS_ENTROPY, false, 0, 0)),
                Arguments.of(new LossSpec(LossKind.CATEGORICAL_CROSS_ENTROPY, true, 0, 0)),
                Arguments.of(new LossSpec(LossKind.CATEGORICAL_CROSS_ENTROPY, false, 0, 0.1)),
                Arguments.of(new LossSpec(LossKind.CATEGORICAL_CROSS_ENTROPY, true, 0, 0.1)),
                Arguments.of(new LossSpec(LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY, false, 0, 0)),
                Arguments.of(new LossSpec(LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY, true, 0, 0)),
                Arguments.of(new LossSpec(LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY, true, 0, 0.2)));
    }

    private static boolean sparse(LossSpec loss) {
        return loss.kind() == LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY;
    }

    private static boolean onProbabilities(LossSpec loss) {
        return !loss.fromLogits() && (loss.kind() == LossKind.BINARY_CROSS_ENTROPY
                || loss.kind() == LossKind.CATEGORICAL_CROSS_ENTROPY
                || loss.kind() == LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY);
    }

    /** Outputs and targets for a loss: probabilities where the loss wants them, soft or one-hot targets. */
    private double[][] lossData(LossSpec loss, int batch, int k) {
        double[] out = onProbabilities(loss) ? uniform(batch * k, 0.02, 0.98) : gaussian(batch * k);
        if (onProbabilities(loss) && loss.kind() != LossKind.BINARY_CROSS_ENTROPY) {
            normaliseRows(out, k);
        }
        double[] target;
        switch (loss.kind()) {
            case BINARY_CROSS_ENTROPY:
                target = uniform(batch * k, 0, 1);
                for (int i = 0; i < target.length; i += 2) {
                    target[i] = Math.rint(target[i]);
                }
                break;
            case CATEGORICAL_CROSS_ENTROPY:
                target = new double[batch * k];
                for (int i = 0; i < batch; i++) {
                    if (i % 2 == 0) {
                        target[i * k + random.nextInt(k)] = 1;
                    } else {
                        for (int j = 0; j < k; j++) {
                            target[i * k + j] = random.nextDouble();
                        }
                    }
                }
                normaliseRows(target, k);
                break;
            case SPARSE_CATEGORICAL_CROSS_ENTROPY:
                target = new double[batch];
                for (int i = 0; i < batch; i++) {
                    target[i] = random.nextInt(k);
                }
                break;
            default:
                target = gaussian(batch * k);
                target[1] = out[1];
                break;
        }
        return new double[][] {out, target};
    }

    private static void normaliseRows(double[] x, int k) {
        for (int i = 0; i < x.length / k; i++) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += x[i * k + j];
            }
            for (int j = 0; j < k; j++) {
                x[i * k + j] /= s;
            }
        }
    }

    private static double clampedLog(double p) {
        return Math.max(Math.log(p), -100);
    }

    /** Smoothed target row {@code t' = (1−ε)t + ε/K}, from a dense row or a class index. */
    private static double[] smoothedTarget(LossSpec loss, double[] t, int row, int k) {
        double[] s = new double[k];
        for (int j = 0; j < k; j++) {
            double tj = sparse(loss) ? (j == (int) t[row] ? 1 : 0) : t[row * k + j];
            s[j] = (1 - loss.labelSmoothing()) * tj + loss.labelSmoothing() / k;
        }
        return s;
    }

    /** Per-sample loss ℓ and its gradient ∂ℓ/∂o for one row, written out from the documented formulas. */
    private static double referenceLoss(LossSpec loss, double[] o, double[] t, int row, int k, double[] grad) {
        double sum = 0;
        switch (loss.kind()) {
            case MEAN_SQUARED_ERROR:
                for (int j = 0; j < k; j++) {
                    double d = o[row * k + j] - t[row * k + j];
                    sum += d * d / k;
                    grad[j] = 2 * d / k;
                }
                return sum;
            case MEAN_ABSOLUTE_ERROR:
                for (int j = 0; j < k; j++) {
                    double d = o[row * k + j] - t[row * k + j];
                    sum += Math.abs(d) / k;
                    grad[j] = Math.signum(d) / k;
                }
                return sum;
            case HUBER: {
                double delta = loss.delta();
                for (int j = 0; j < k; j++) {
                    double d = o[row * k + j] - t[row * k + j];
                    sum += (Math.abs(d) < delta ? 0.5 * d * d : delta * (Math.abs(d) - 0.5 * delta)) / k;
                    grad[j] = (Math.abs(d) < delta ? d : delta * Math.signum(d)) / k;
                }
                return sum;
            }
            case BINARY_CROSS_ENTROPY:
                for (int j = 0; j < k; j++) {
                    double x = o[row * k + j];
                    double y = t[row * k + j];
                    if (loss.fromLogits()) {
                        sum += (Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)))) / k;
                        grad[j] = (sigmoid(x) - y) / k;
                    } else {
                        sum += -(y * clampedLog(x) + (1 - y) * clampedLog(1 - x)) / k;
                        grad[j] = (x - y) / Math.max(x * (1 - x), (double) 1e-12f) / k;   // PyTorch's float floor
                    }
                }
                return sum;
            default: {
                double[] ts = smoothedTarget(loss, t, row, k);
                if (loss.fromLogits()) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < k; j++) {
                        max = Math.max(max, o[row * k + j]);
                    }
                    double se = 0;
                    for (int j = 0; j < k; j++) {
                        se += Math.exp(o[row * k + j] - max);
                    }
                    double lse = max + Math.log(se);
                    double tSum = 0;
                    for (int j = 0; j < k; j++) {
                        tSum += ts[j];
                    }
                    for (int j = 0; j < k; j++) {
                        sum -= ts[j] * (o[row * k + j] - lse);
                        grad[j] = Math.exp(o[row * k + j] - lse) * tSum - ts[j];
                    }
                } else {
                    for (int j = 0; j < k; j++) {
                        sum -= ts[j] * clampedLog(o[row * k + j]);
                        grad[j] = -ts[j] / Math.max(o[row * k + j], Math.exp(-100));
                    }
                }
                return sum;
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void lossForwardAndBackwardMatchTheFormulas(LossSpec loss) {
        int batch = 23;
        int k = 7;
        double[][] data = lossData(loss, batch, k);
        int tk = sparse(loss) ? 1 : k;
        Tensor output = operand(batch, k, data[0]);
        Tensor target = operand(batch, tk, data[1]);
        double[] o = held(output);
        double[] t = held(target);
        Tensor lossSum = operand(1, 1, new double[] {1.5});
        double start = held(lossSum)[0];
        backend.lossForward(loss, output, target, lossSum);

        double scale = 1.0 / batch;
        double total = 0;
        double totalAbs = 0;
        double[] gradRef = new double[batch * k];
        double[] row = new double[k];
        for (int i = 0; i < batch; i++) {
            double l = referenceLoss(loss, o, t, i, k, row);
            total += l;
            totalAbs += Math.abs(l);
            for (int j = 0; j < k; j++) {
                gradRef[i * k + j] = scale * row[j];
            }
        }
        assertClose(loss + " forward (added to 1.5)", new double[] {start + total}, held(lossSum),
                new double[] {Math.abs(start) + totalAbs});

        Tensor grad = operand(batch, k);
        backend.lossBackward(loss, output, target, scale, grad);
        double[] gradScale = new double[gradRef.length];
        if (loss.fromLogits() && loss.kind() != LossKind.BINARY_CROSS_ENTROPY) {
            java.util.Arrays.fill(gradScale, scale);
        }
        if (loss.kind() == LossKind.BINARY_CROSS_ENTROPY) {
            java.util.Arrays.fill(gradScale, scale / k);
        }
        assertClose(loss + " backward", gradRef, held(grad), gradScale);
        assertBordersIntact(loss.toString(), lossSum, grad);
    }

    @Test
    void crossEntropyOnProbabilitiesClampsTheLogAtMinusOneHundred() {
        LossSpec loss = new LossSpec(LossKind.CATEGORICAL_CROSS_ENTROPY, false, 0, 0);
        Tensor output = operand(1, 3, new double[] {0.0, 0.5, 0.5});
        Tensor target = operand(1, 3, new double[] {1, 0, 0});
        Tensor lossSum = operand(1, 1);
        backend.lossForward(loss, output, target, lossSum);
        assertClose("CE of a zero probability", 100.0, held(lossSum)[0]);
        Tensor grad = operand(1, 3);
        backend.lossBackward(loss, output, target, 1.0, grad);
        double g0 = held(grad)[0];
        if (backend.dtype() == DType.FLOAT64) {
            assertClose("CE gradient at a zero probability", -Math.exp(100), g0);
        } else {
            assertThat(g0).as("−e^100 overflows float32").isEqualTo(Double.NEGATIVE_INFINITY);
        }
    }

    @Test
    void sparseCrossEntropyRejectsBadClassIndicesNamingRowValueAndRange() {
        LossSpec loss = new LossSpec(LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY, true, 0, 0);
        Tensor output = operand(3, 4, gaussian(12));
        Tensor lossSum = operand(1, 1);
        Tensor grad = operand(3, 4);
        Tensor outOfRange = operand(3, 1, new double[] {0, 3, 4});
        assertThatThrownBy(() -> backend.lossForward(loss, output, outOfRange, lossSum))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 2").hasMessageContaining("4.0").hasMessageContaining("[0, 3]");
        Tensor fractional = operand(3, 1, new double[] {1.5, 0, 0});
        assertThatThrownBy(() -> backend.lossBackward(loss, output, fractional, 1, grad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 0").hasMessageContaining("1.5");
        Tensor wrongShape = operand(3, 4);
        assertThatThrownBy(() -> backend.lossForward(loss, output, wrongShape, lossSum))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3, 4]");
    }

    // ------------------------------------------------------------------ metrics

    @Test
    void countCorrectHandlesClassIndicesOneHotAndBinaryTargets() {
        Tensor output = operand(4, 3, new double[] {
            0.1, 0.7, 0.2,
            0.5, 0.5, 0.0,
            0.3, 0.3, 0.4,
            0.9, 0.05, 0.05});
        Tensor counter = operand(1, 1, new double[] {10});
        backend.countCorrect(output, operand(4, 1, new double[] {1, 0, 0, 0}), 0.5, counter);
        assertThat(held(counter)[0]).as("10 + three right (ties go to the first maximum)").isEqualTo(13);
        Tensor oneHot = operand(4, 3, new double[] {0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0});
        backend.countCorrect(output, oneHot, 0.5, counter);
        assertThat(held(counter)[0]).isEqualTo(16);
        Tensor probability = operand(5, 1, new double[] {0.2, 0.6, 0.5, 0.51, 0.9});
        Tensor labels = operand(5, 1, new double[] {0, 1, 1, 0, 1});
        backend.countCorrect(probability, labels, 0.5, counter);
        assertThat(held(counter)[0]).as("0.5 is not above the threshold").isEqualTo(19);
    }

    @Test
    void argmaxRowsTakesTheFirstMaximum() {
        Tensor output = operand(3, 4, new double[] {1, 3, 3, 2, -1, -2, -0.5, -0.5, 0, 0, 0, 0});
        Tensor predicted = operand(3, 1);
        backend.argmaxRows(output, predicted);
        assertThat(held(predicted)).containsExactly(1, 2, 0);
        assertBordersIntact("argmaxRows", predicted);
    }

    // ------------------------------------------------------------------ optimisers

    static Stream<Arguments> sgdCases() {
        List<Arguments> cases = new ArrayList<>();
        for (MomentumForm form : MomentumForm.values()) {
            for (double decay : new double[] {0, 0.01}) {
                for (boolean scaled : new boolean[] {false, true}) {
                    cases.add(Arguments.of(form, decay, scaled));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} decay={1} gradScale={2}")
    @MethodSource("sgdCases")
    void sgdStepMatchesTheDocumentedUpdateOverThreeSteps(MomentumForm form, double decay, boolean scaled) {
        int n = 1037;
        double lr = 0.05;
        double beta = 0.9;
        Tensor params = operand(1, n, gaussian(n));
        Tensor grads = operand(n, 1, gaussian(n));
        Tensor velocity = form == MomentumForm.NONE ? null : operand(1, n, gaussian(n));
        Tensor gradScale = scaled ? operand(1, 1, new double[] {0.5}) : null;
        double s = scaled ? held(gradScale)[0] : 1.0;
        double[] w = held(params);
        double[] g = held(grads);
        double[] v = velocity == null ? new double[n] : held(velocity);
        double[] magnitude = new double[n];
        for (int step = 0; step < 3; step++) {
            backend.sgdStep(form, lr, beta, decay, params, grads, velocity, gradScale);
            for (int i = 0; i < n; i++) {
                double gi = s * g[i] + decay * w[i];
                switch (form) {
                    case NONE:
                        w[i] -= lr * gi;
                        break;
                    case CLASSICAL:
                        v[i] = beta * v[i] + lr * gi;
                        w[i] -= v[i];
                        break;
                    case EMA:
                        v[i] = beta * v[i] + (1 - beta) * gi;
                        w[i] -= lr * v[i];
                        break;
                    case NESTEROV:
                        v[i] = beta * v[i] + lr * gi;
                        w[i] -= beta * v[i] + lr * gi;
                        break;
                    default:
                        throw new IllegalArgumentException(form.toString());
                }
                magnitude[i] = Math.max(magnitude[i], Math.abs(w[i]) + Math.abs(v[i]) + Math.abs(gi));
            }
        }
        assertClose("sgdStep " + form + " params", w, held(params), magnitude);
        if (velocity != null) {
            assertClose("sgdStep " + form + " velocity", v, held(velocity), magnitude);
            assertBordersIntact("sgdStep", velocity);
        }
        assertBordersIntact("sgdStep", params);
    }

    @Test
    void sgdStepRejectsBuffersOfDifferentSizes() {
        Tensor params = operand(1, 10);
        Tensor grads = operand(1, 9);
        assertThatThrownBy(() -> backend.sgdStep(MomentumForm.NONE, 0.1, 0, 0, params, grads, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sgdStep").hasMessageContaining("[1, 10]").hasMessageContaining("[1, 9]");
    }

    // ------------------------------------------------------------------ adaptive optimisers

    /** One optimiser step of the reference, in double, on every element; returns the parameter change. */
    private interface ReferenceStep {
        void apply(int step, int i);
    }

    /** Runs {@code steps} backend steps and reference steps; compares params and every state buffer. */
    private void checkOptimiser(String what, int n, int steps, Runnable backendStep, ReferenceStep reference,
                                Tensor params, double[] w, Tensor[] states, double[][] stateRef) {
        double[] scale = new double[n];
        for (int step = 0; step < steps; step++) {
            double[] before = w.clone();
            backendStep.run();
            for (int i = 0; i < n; i++) {
                reference.apply(step, i);
                scale[i] = Math.max(scale[i], Math.abs(before[i]) + 10 * Math.abs(w[i] - before[i]));
            }
        }
        assertClose(what + " params", w, held(params), scale);
        for (int b = 0; b < states.length; b++) {
            if (states[b] != null) {
                assertClose(what + " state " + b, stateRef[b], held(states[b]));
                assertBordersIntact(what, states[b]);
            }
        }
        assertBordersIntact(what, params);
    }

    static Stream<Arguments> decayAndScale() {
        return Stream.of(Arguments.of(0.0, false), Arguments.of(0.01, false), Arguments.of(0.0, true), Arguments.of(0.01, true));
    }

    @ParameterizedTest(name = "decay={0} gradScale={1}")
    @MethodSource("decayAndScale")
    void adagradStepMatchesItsFormula(double decay, boolean scaled) {
        int n = 517;
        double lr = 0.1;
        double eps = 1e-10;
        Tensor params = operand(1, n, gaussian(n));
        Tensor grads = operand(1, n, gaussian(n));
        Tensor sum = operand(1, n, uniform(n, 0, 0.5));
        Tensor gradScale = scaled ? operand(1, 1, new double[] {0.5}) : null;
        double s = scaled ? 0.5 : 1.0;
        double[] w = held(params);
        double[] g = held(grads);
        double[] big = held(sum);
        checkOptimiser("adagradStep", n, 3,
                () -> backend.adagradStep(lr, eps, decay, params, grads, sum, gradScale),
                (step, i) -> {
                    double gi = s * g[i] + decay * w[i];
                    big[i] += gi * gi;
                    w[i] -= lr * gi / (Math.sqrt(big[i]) + eps);
                }, params, w, new Tensor[] {sum}, new double[][] {big});
    }

    @ParameterizedTest(name = "decay={0} gradScale={1}")
    @MethodSource("decayAndScale")
    void adadeltaStepMatchesItsFormula(double decay, boolean scaled) {
        int n = 517;
        double lr = 1.0;
        double rho = 0.9;
        double eps = 1e-6;
        Tensor params = operand(1, n, gaussian(n));
        Tensor grads = operand(1, n, gaussian(n));
        Tensor squareAvg = operand(1, n, uniform(n, 0, 0.5));
        Tensor deltaAvg = operand(1, n, uniform(n, 0, 0.1));
        Tensor gradScale = scaled ? operand(1, 1, new double[] {0.5}) : null;
        double s = scaled ? 0.5 : 1.0;
        double[] w = held(params);
        double[] g = held(grads);
        double[] eg = held(squareAvg);
        double[] ed = held(deltaAvg);
        checkOptimiser("adadeltaStep", n, 3,
                () -> backend.adadeltaStep(lr, rho, eps, decay, params, grads, squareAvg, deltaAvg, gradScale),
                (step, i) -> {
                    double gi = s * g[i] + decay * w[i];
                    eg[i] = rho * eg[i] + (1 - rho) * gi * gi;
                    double delta = Math.sqrt(ed[i] + eps) / Math.sqrt(eg[i] + eps) * gi;
                    ed[i] = rho * ed[i] + (1 - rho) * delta * delta;
                    w[i] -= lr * delta;
                }, params, w, new Tensor[] {squareAvg, deltaAvg}, new double[][] {eg, ed});
    }

    static Stream<Arguments> rmspropCases() {
        List<Arguments> cases = new ArrayList<>();
        for (boolean centred : new boolean[] {false, true}) {
            for (double momentum : new double[] {0, 0.9}) {
                for (double decay : new double[] {0, 0.01}) {
                    cases.add(Arguments.of(centred, momentum, decay, decay > 0));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "centred={0} momentum={1} decay={2} gradScale={3}")
    @MethodSource("rmspropCases")
    void rmspropStepMatchesItsFormula(boolean centred, double momentum, double decay, boolean scaled) {
        int n = 517;
        double lr = 0.01;
        double alpha = 0.99;
        double eps = 1e-8;
        Tensor params = operand(1, n, gaussian(n));
        Tensor grads = operand(1, n, gaussian(n));
        Tensor squareAvg = operand(1, n, uniform(n, 0.5, 1));
        Tensor gradAvg = centred ? operand(1, n, uniform(n, -0.1, 0.1)) : null;
        Tensor buffer = momentum > 0 ? operand(1, n, gaussian(n)) : null;
        Tensor gradScale = scaled ? operand(1, 1, new double[] {0.5}) : null;
        double s = scaled ? 0.5 : 1.0;
        double[] w = held(params);
        double[] g = held(grads);
        double[] v = held(squareAvg);
        double[] a = centred ? held(gradAvg) : new double[n];
        double[] b = momentum > 0 ? held(buffer) : new double[n];
        checkOptimiser("rmspropStep", n, 3,
                () -> backend.rmspropStep(lr, alpha, eps, decay, momentum, params, grads, squareAvg, gradAvg, buffer, gradScale),
                (step, i) -> {
                    double gi = s * g[i] + decay * w[i];
                    v[i] = alpha * v[i] + (1 - alpha) * gi * gi;
                    double d;
                    if (centred) {
                        a[i] = alpha * a[i] + (1 - alpha) * gi;
                        d = Math.sqrt(v[i] - a[i] * a[i]) + eps;
                    } else {
                        d = Math.sqrt(v[i]) + eps;
                    }
                    if (momentum > 0) {
                        b[i] = momentum * b[i] + gi / d;
                        w[i] -= lr * b[i];
                    } else {
                        w[i] -= lr * gi / d;
                    }
                }, params, w, new Tensor[] {squareAvg, gradAvg, buffer}, new double[][] {v, a, b});
    }

    static Stream<Arguments> adamCases() {
        return Stream.of(
                Arguments.of("Adam", false, 0.0, false), Arguments.of("Adam", false, 0.01, true),
                Arguments.of("AdamW", true, 0.01, false), Arguments.of("AdamW", true, 0.01, true),
                Arguments.of("NAdam", false, 0.0, false));
    }

    @ParameterizedTest(name = "{0} decoupled={1} decay={2} gradScale={3}")
    @MethodSource("adamCases")
    void adamStepMatchesItsFormula(String variant, boolean decoupled, double decay, boolean scaled) {
        int n = 517;
        double lr = 0.01;
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
        Tensor params = operand(1, n, gaussian(n));
        Tensor grads = operand(1, n, gaussian(n));
        Tensor m = operand(1, n);
        Tensor v = operand(1, n);
        Tensor gradScale = scaled ? operand(1, 1, new double[] {0.5}) : null;
        double s = scaled ? 0.5 : 1.0;
        double[] w = held(params);
        double[] g = held(grads);
        double[] mr = new double[n];
        double[] vr = new double[n];
        boolean nadam = variant.equals("NAdam");
        double[][] coefficients = new double[3][];
        for (int t = 1; t <= 3; t++) {
            double cg = nadam ? 0.004 * t : 0;
            double cm = nadam ? 0.006 / t : lr / (1 - Math.pow(beta1, t));
            coefficients[t - 1] = new double[] {cg, cm, Math.sqrt(1 - Math.pow(beta2, t))};
        }
        int[] step = {0};
        checkOptimiser(variant + " adamStep", n, 3,
                () -> {
                    double[] c = coefficients[step[0]++];
                    backend.adamStep(decoupled, lr, decay, beta1, beta2, eps, c[0], c[1], c[2], params, grads, m, v, gradScale);
                },
                (t, i) -> {
                    double[] c = coefficients[t];
                    double gi = s * g[i] + (decoupled ? 0 : decay * w[i]);
                    if (decoupled) {
                        w[i] *= 1 - lr * decay;
                    }
                    mr[i] = beta1 * mr[i] + (1 - beta1) * gi;
                    vr[i] = beta2 * vr[i] + (1 - beta2) * gi * gi;
                    double d = Math.sqrt(vr[i]) / c[2] + eps;
                    w[i] -= (c[0] * gi + c[1] * mr[i]) / d;
                }, params, w, new Tensor[] {m, v}, new double[][] {mr, vr});
    }

    @Test
    void everyOptimiserSkipsTheStepWhenTheGradientScaleIsNotFinite() {
        int n = 33;
        Tensor params = operand(1, n, gaussian(n));
        Tensor grads = operand(1, n, gaussian(n));
        Tensor s1 = operand(1, n, uniform(n, 0.1, 1));
        Tensor s2 = operand(1, n, uniform(n, 0.1, 1));
        Tensor s3 = operand(1, n, uniform(n, 0.1, 1));
        Tensor[] all = {params, s1, s2, s3};
        double[][] before = new double[all.length][];
        for (int i = 0; i < all.length; i++) {
            before[i] = held(all[i]);
        }
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            Tensor scale = operand(1, 1, new double[] {bad});
            backend.sgdStep(MomentumForm.NESTEROV, 0.1, 0.9, 0.01, params, grads, s1, scale);
            backend.adagradStep(0.1, 1e-10, 0.01, params, grads, s1, scale);
            backend.adadeltaStep(1.0, 0.9, 1e-6, 0.01, params, grads, s1, s2, scale);
            backend.rmspropStep(0.01, 0.99, 1e-8, 0.01, 0.9, params, grads, s1, s2, s3, scale);
            backend.adamStep(true, 0.01, 0.01, 0.9, 0.999, 1e-8, 0, 0.1, 0.05, params, grads, s1, s2, scale);
            for (int i = 0; i < all.length; i++) {
                assertThat(held(all[i])).as("buffer %d after steps with gradient scale %s", i, bad).containsExactly(before[i]);
            }
        }
    }

    // ------------------------------------------------------------------ clipping

    @Test
    void clampBoundsEveryElement() {
        Tensor x = operand(5, 7, gaussian(35));
        double[] xv = held(x);
        backend.clamp(x, -0.5, 0.25);
        double[] want = new double[35];
        for (int i = 0; i < 35; i++) {
            want[i] = Math.min(Math.max(xv[i], -0.5), 0.25);
        }
        assertThat(held(x)).containsExactly(want);
        assertBordersIntact("clamp", x);
    }

    @Test
    void clipScaleIsMaxNormOverTheNormCappedAtOneAndNaNForANonFiniteNorm() {
        Tensor sumSquares = operand(1, 1, new double[] {16});
        Tensor scale = operand(1, 1);
        backend.clipScale(sumSquares, 1.0, scale);
        assertClose("clipScale ‖g‖ = 4, max 1", 1.0 / (4 + 1e-6), held(scale)[0]);
        backend.clipScale(sumSquares, 10.0, scale);
        assertThat(held(scale)[0]).as("norm below the maximum").isEqualTo(1.0);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            backend.upload(new double[] {bad}, 0, sumSquares);
            backend.clipScale(sumSquares, 1.0, scale);
            assertThat(held(scale)[0]).as("scale for a sum of squares of %s", bad).isNaN();
        }
    }

    // ------------------------------------------------------------------ layers

    @Test
    void multiplyIsElementWise() {
        Tensor a = operand(4, 9, gaussian(36));
        Tensor b = operand(6, 6, gaussian(36));
        Tensor out = operand(4, 9);
        double[] av = held(a);
        double[] bv = held(b);
        backend.multiply(a, b, out);
        double[] want = new double[36];
        for (int i = 0; i < 36; i++) {
            want[i] = av[i] * bv[i];
        }
        assertClose("multiply", want, held(out));
        assertBordersIntact("multiply", out);
    }

    @Test
    void dropoutMaskKeepsUnitsWhoseUniformIsAtLeastPAndScalesThem() {
        long seed = 0x1234_5678_9abcL;
        long step = 5_000_000_123L;
        int layer = 3;
        double p = 0.3;
        Tensor mask = operand(7, 33);
        backend.dropoutMask(seed, step, layer, p, mask);
        double[] want = new double[mask.size()];
        for (int e = 0; e < want.length; e++) {
            want[e] = dev.myelin.random.DropoutStream.uniform(seed, step, layer, e) >= p ? 1 / (1 - p) : 0;
        }
        assertClose("dropoutMask", want, held(mask));
        assertBordersIntact("dropoutMask", mask);
    }

    private static double[] columnMeans(double[] x, int rows, int cols) {
        double[] mean = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                mean[j] += x[i * cols + j] / rows;
            }
        }
        return mean;
    }

    @Test
    void batchNormMatchesItsFormulasInTrainingInferenceAndBackward() {
        int n = 19;
        int f = 23;
        double eps = 1e-5;
        double momentum = 0.1;
        double[] xs = gaussian(n * f);
        for (int i = 0; i < xs.length; i++) {
            xs[i] = 3 + 2 * xs[i];
        }
        Tensor x = operand(n, f, xs);
        Tensor gamma = operand(1, f, uniform(f, 0.5, 1.5));
        Tensor beta = operand(1, f, gaussian(f));
        Tensor runningMean = operand(1, f, gaussian(f));
        Tensor runningVar = operand(1, f, uniform(f, 0.5, 2));
        Tensor out = operand(n, f);
        Tensor savedMean = operand(1, f);
        Tensor savedInvStd = operand(1, f);
        double[] xv = held(x);
        double[] gv = held(gamma);
        double[] bv = held(beta);
        double[] rm = held(runningMean);
        double[] rv = held(runningVar);
        backend.batchNormForwardTraining(x, gamma, beta, eps, momentum, runningMean, runningVar, out, savedMean, savedInvStd);

        double[] mean = columnMeans(xv, n, f);
        double[] var = new double[f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                double d = xv[i * f + j] - mean[j];
                var[j] += d * d / n;
            }
        }
        double[] inv = new double[f];
        double[] rmWant = new double[f];
        double[] rvWant = new double[f];
        for (int j = 0; j < f; j++) {
            inv[j] = 1 / Math.sqrt(var[j] + eps);
            rmWant[j] = (1 - momentum) * rm[j] + momentum * mean[j];
            rvWant[j] = (1 - momentum) * rv[j] + momentum * var[j] * n / (n - 1);
        }
        double[] outWant = new double[n * f];
        double[] outScale = new double[n * f];
        double[] xhat = new double[n * f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                int e = i * f + j;
                xhat[e] = (xv[e] - mean[j]) * inv[j];
                outWant[e] = gv[j] * xhat[e] + bv[j];
                outScale[e] = Math.abs(gv[j]) * Math.abs(xv[e]) * inv[j] + Math.abs(bv[j]);
            }
        }
        assertClose("batchNorm training out", outWant, held(out), outScale);
        assertClose("batchNorm saved mean", mean, held(savedMean));
        assertClose("batchNorm saved 1/σ", inv, held(savedInvStd));
        assertClose("batchNorm running mean", rmWant, held(runningMean));
        assertClose("batchNorm running variance (unbiased)", rvWant, held(runningVar));

        Tensor inference = operand(n, f);
        double[] rmNow = held(runningMean);
        double[] rvNow = held(runningVar);
        backend.batchNormForwardInference(x, gamma, beta, eps, runningMean, runningVar, inference);
        double[] infWant = new double[n * f];
        double[] infScale = new double[n * f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                int e = i * f + j;
                double r = 1 / Math.sqrt(rvNow[j] + eps);
                infWant[e] = gv[j] * (xv[e] - rmNow[j]) * r + bv[j];
                infScale[e] = Math.abs(gv[j]) * (Math.abs(xv[e]) + Math.abs(rmNow[j])) * r + Math.abs(bv[j]);
            }
        }
        assertClose("batchNorm inference", infWant, held(inference), infScale);

        Tensor gradOut = operand(n, f, gaussian(n * f));
        Tensor gradX = operand(n, f);
        Tensor gradGamma = operand(1, f, gaussian(f));
        Tensor gradBeta = operand(1, f, gaussian(f));
        double[] g = held(gradOut);
        backend.batchNormBackward(x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
        double[] gBeta = new double[f];
        double[] gGamma = new double[f];
        double[] gBetaAbs = new double[f];
        double[] gGammaAbs = new double[f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                int e = i * f + j;
                gBeta[j] += g[e];
                gGamma[j] += g[e] * xhat[e];
                gBetaAbs[j] += Math.abs(g[e]);
                gGammaAbs[j] += Math.abs(g[e] * xhat[e]);
            }
        }
        double[] gxWant = new double[n * f];
        double[] gxScale = new double[n * f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                int e = i * f + j;
                double c = gv[j] * inv[j] / n;
                gxWant[e] = c * (n * g[e] - gBeta[j] - xhat[e] * gGamma[j]);
                gxScale[e] = Math.abs(c) * (n * Math.abs(g[e]) + gBetaAbs[j] + Math.abs(xhat[e]) * gGammaAbs[j]) * (1 + Math.abs(xv[e]));
            }
        }
        assertClose("batchNorm gradX", gxWant, held(gradX), gxScale);
        assertClose("batchNorm gradGamma", gGamma, held(gradGamma), gGammaAbs);
        assertClose("batchNorm gradBeta", gBeta, held(gradBeta), gBetaAbs);
        assertBordersIntact("batchNorm", out, savedMean, savedInvStd, runningMean, runningVar, inference, gradX, gradGamma, gradBeta);
    }

    @Test
    void layerNormMatchesItsFormulasForwardAndBackward() {
        int n = 11;
        int f = 29;
        double eps = 1e-5;
        double[] xs = gaussian(n * f);
        for (int i = 0; i < xs.length; i++) {
            xs[i] = 1 + 3 * xs[i];
        }
        Tensor x = operand(n, f, xs);
        Tensor gamma = operand(1, f, uniform(f, 0.5, 1.5));
        Tensor beta = operand(1, f, gaussian(f));
        Tensor out = operand(n, f);
        Tensor savedMean = operand(n, 1);
        Tensor savedInvStd = operand(n, 1);
        double[] xv = held(x);
        double[] gv = held(gamma);
        double[] bv = held(beta);
        backend.layerNormForward(x, gamma, beta, eps, out, savedMean, savedInvStd);
        double[] mean = new double[n];
        double[] inv = new double[n];
        double[] xhat = new double[n * f];
        double[] outWant = new double[n * f];
        double[] outScale = new double[n * f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                mean[i] += xv[i * f + j] / f;
            }
            double var = 0;
            for (int j = 0; j < f; j++) {
                double d = xv[i * f + j] - mean[i];
                var += d * d / f;
            }
            inv[i] = 1 / Math.sqrt(var + eps);
            for (int j = 0; j < f; j++) {
                int e = i * f + j;
                xhat[e] = (xv[e] - mean[i]) * inv[i];
                outWant[e] = gv[j] * xhat[e] + bv[j];
                outScale[e] = Math.abs(gv[j]) * Math.abs(xv[e]) * inv[i] + Math.abs(bv[j]);
            }
        }
        assertClose("layerNorm out", outWant, held(out), outScale);
        assertClose("layerNorm saved mean", mean, held(savedMean));
        assertClose("layerNorm saved 1/σ", inv, held(savedInvStd));

        Tensor gradOut = operand(n, f, gaussian(n * f));
        Tensor gradX = operand(n, f);
        Tensor gradGamma = operand(1, f, gaussian(f));
        Tensor gradBeta = operand(1, f, gaussian(f));
        double[] g = held(gradOut);
        backend.layerNormBackward(x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
        double[] gBeta = new double[f];
        double[] gGamma = new double[f];
        double[] gBetaAbs = new double[f];
        double[] gGammaAbs = new double[f];
        double[] gxWant = new double[n * f];
        double[] gxScale = new double[n * f];
        for (int i = 0; i < n; i++) {
            double sumH = 0;
            double sumHx = 0;
            double sumAbs = 0;
            for (int j = 0; j < f; j++) {
                int e = i * f + j;
                double h = gv[j] * g[e];
                sumH += h;
                sumHx += h * xhat[e];
                sumAbs += Math.abs(h) * (1 + Math.abs(xhat[e]));
                gBeta[j] += g[e];
                gGamma[j] += g[e] * xhat[e];
                gBetaAbs[j] += Math.abs(g[e]);
                gGammaAbs[j] += Math.abs(g[e] * xhat[e]);
            }
            for (int j = 0; j < f; j++) {
                int e = i * f + j;
                double h = gv[j] * g[e];
                gxWant[e] = inv[i] / f * (f * h - sumH - xhat[e] * sumHx);
                gxScale[e] = inv[i] / f * (f * Math.abs(h) + sumAbs * (1 + Math.abs(xhat[e]))) * (1 + Math.abs(xv[e]));
            }
        }
        assertClose("layerNorm gradX", gxWant, held(gradX), gxScale);
        assertClose("layerNorm gradGamma", gGamma, held(gradGamma), gGammaAbs);
        assertClose("layerNorm gradBeta", gBeta, held(gradBeta), gBetaAbs);
        assertBordersIntact("layerNorm", out, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
    }

    @Test
    void preluUsesOneAlphaPerFeature() {
        int n = 13;
        int f = 17;
        Tensor z = operand(n, f, gaussian(n * f));
        Tensor alpha = operand(1, f, uniform(f, -0.5, 0.5));
        Tensor out = operand(n, f);
        double[] zv = held(z);
        double[] av = held(alpha);
        backend.preluForward(z, alpha, out);
        double[] want = new double[n * f];
        for (int e = 0; e < want.length; e++) {
            want[e] = Math.max(0, zv[e]) + av[e % f] * Math.min(0, zv[e]);
        }
        assertClose("prelu forward", want, held(out));
        Tensor gradOut = operand(n, f, gaussian(n * f));
        Tensor gradZ = operand(n, f);
        Tensor gradAlpha = operand(1, f, gaussian(f));
        double[] g = held(gradOut);
        backend.preluBackward(z, alpha, gradOut, gradZ, gradAlpha);
        double[] gz = new double[n * f];
        double[] ga = new double[f];
        double[] gaAbs = new double[f];
        for (int e = 0; e < gz.length; e++) {
            gz[e] = g[e] * (zv[e] > 0 ? 1 : av[e % f]);
            ga[e % f] += g[e] * Math.min(0, zv[e]);
            gaAbs[e % f] += Math.abs(g[e] * zv[e]);
        }
        assertClose("prelu gradZ", gz, held(gradZ));
        assertClose("prelu gradAlpha", ga, held(gradAlpha), gaAbs);
        assertBordersIntact("prelu", out, gradZ, gradAlpha);
    }

    @Test
    void maxoutTakesTheFirstMaximumOfEachGroupAndRoutesTheGradientToIt() {
        int n = 3;
        int k = 3;
        int units = 2;
        double[] zs = {
            1, 5, 5, -1, -2, -3,
            0, 0, 0, 2, 7, 1,
            -4, 9, 3, 6, 6, 8};
        Tensor z = operand(n, units * k, zs);
        Tensor out = operand(n, units);
        Tensor argmax = operand(n, units);
        backend.maxoutForward(z, k, out, argmax);
        assertThat(held(out)).containsExactly(5, -1, 0, 7, 9, 8);
        assertThat(held(argmax)).containsExactly(1, 0, 0, 1, 1, 2);
        Tensor gradOut = operand(n, units, new double[] {1.5, -2, 3, 4, 0.5, -1});
        Tensor gradZ = operand(n, units * k, gaussian(n * units * k));
        backend.maxoutBackward(gradOut, argmax, k, gradZ);
        assertThat(held(gradZ)).containsExactly(
                0, 1.5, 0, -2, 0, 0,
                3, 0, 0, 0, 4, 0,
                0, 0.5, 0, 0, 0, -1);
        assertBordersIntact("maxout", out, argmax, gradZ);
    }

    // ------------------------------------------------------------------ lifecycle

    @ParameterizedTest
    @EnumSource(value = ActivationKind.class, names = {"RELU", "SOFTMAX"})
    void usingAClosedTensorFailsClearly(ActivationKind kind) {
        Tensor z = backend.allocate(2, 3);
        Tensor out = operand(2, 3);
        z.close();
        assertThatThrownBy(() -> backend.activationForward(kind, 0, z, out))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("close");
    }
}
