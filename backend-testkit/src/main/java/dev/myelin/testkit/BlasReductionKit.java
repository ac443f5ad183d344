package dev.myelin.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BLAS and reductions: GEMM against Commons Math for every transpose combination, row-vector broadcast, column sums,
 * axpy and scale, sums of squares and of absolute values, sign, non-finite counts, and the metrics (correct
 * predictions, row arg-max).
 *
 * <p>Part of the backend test kit: a backend module's test class implements this interface (or {@link
 * BackendTestKit}, which gathers every area) and supplies the backend; see {@link BackendKit}.
 */
public interface BlasReductionKit extends BackendKit {

    /** GEMM shapes (m, k, n, from 1 to past the blocking sizes) with every transpose combination. */
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
    @MethodSource("dev.myelin.testkit.BlasReductionKit#gemmShapes")
    default void gemmMatchesCommonsMathForEveryTransposeCombination(int m, int k, int n, boolean transA, boolean transB) {
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

        backend().gemm(transA, transB, alpha, a, b, beta, c);

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
                    fail(what + " on " + backend().name() + ": C[" + i + ", " + j + "] is " + g + ", reference " + want
                            + " (allowed difference " + allowed + ")");
                }
            }
        }
        assertBordersIntact(what, c);
    }

    @Test
    default void gemmMatchesCommonsMathOnRandomShapes() {
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
    default void gemmWithDepthZeroScalesC() {
        Tensor a = operand(3, 0);
        Tensor b = operand(0, 4);
        Tensor c = operand(3, 4, gaussian(12));
        double[] before = held(c);
        backend().gemm(false, false, 1.0, a, b, 0.5, c);
        double[] want = new double[12];
        for (int i = 0; i < 12; i++) {
            want[i] = 0.5 * before[i];
        }
        assertClose("gemm k=0 beta=0.5", want, held(c));
        backend().upload(new double[] {Double.NaN, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 0, c);
        backend().gemm(true, true, 1.0, operand(0, 3), operand(4, 0), 0.0, c);
        assertThat(held(c)).containsOnly(0.0);
        assertBordersIntact("gemm k=0", c);
    }

    @Test
    default void gemmOnEmptyMatricesTouchesNothing() {
        Tensor c = operand(0, 5);
        backend().gemm(false, false, 1.0, operand(0, 3), operand(3, 5, gaussian(15)), 0.0, c);
        Tensor c2 = operand(4, 0);
        backend().gemm(false, true, 1.0, operand(4, 3, gaussian(12)), operand(0, 3), 1.0, c2);
        assertThat(held(c)).isEmpty();
        assertBordersIntact("gemm on empty matrices", c, c2);
    }

    @Test
    default void gemmRejectsMismatchedShapesNamingThem() {
        Tensor a = operand(2, 3);
        Tensor b = operand(4, 5);
        Tensor c = operand(2, 5);
        assertThatThrownBy(() -> backend().gemm(false, false, 1, a, b, 0, c))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gemm").hasMessageContaining("[2, 3]").hasMessageContaining("[4, 5]");
        Tensor c2 = operand(3, 5);
        assertThatThrownBy(() -> backend().gemm(true, false, 1, operand(4, 2), b, 0, c2))
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
    default void addRowVectorAddsTheRowToEveryRow() {
        int rows = 7;
        int cols = 13;
        Tensor m = operand(rows, cols, gaussian(rows * cols));
        Tensor row = operand(1, cols, gaussian(cols));
        double[] mv = held(m);
        double[] rv = held(row);
        backend().addRowVector(m, row);
        double[] want = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                want[i * cols + j] = mv[i * cols + j] + rv[j];
            }
        }
        assertClose("addRowVector", want, held(m), absSum(mv, rv, cols));
        assertBordersIntact("addRowVector", m);
        assertThatThrownBy(() -> backend().addRowVector(m, operand(1, cols + 1)))
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
    default void columnSumsAddsUpEachColumnWithBeta() {
        int rows = 37;
        int cols = 11;
        Tensor m = operand(rows, cols, gaussian(rows * cols));
        double[] mv = held(m);
        double[] sums = ColumnSums.of(mv, rows, cols, 1);
        double[] scale = ColumnSums.ofAbs(mv, rows, cols);
        Tensor out = operand(1, cols, gaussian(cols));
        double[] before = held(out);
        backend().columnSums(m, 0.5, out);
        double[] want = new double[cols];
        double[] wantScale = new double[cols];
        for (int j = 0; j < cols; j++) {
            want[j] = 0.5 * before[j] + sums[j];
            wantScale[j] = 0.5 * Math.abs(before[j]) + scale[j];
        }
        assertClose("columnSums beta=0.5", want, held(out), wantScale);
        double[] nan = new double[cols];
        java.util.Arrays.fill(nan, Double.NaN);
        backend().upload(nan, 0, out);
        backend().columnSums(m, 0.0, out);
        assertClose("columnSums beta=0 over NaN", sums, held(out), scale);
        assertBordersIntact("columnSums", out);
    }

    @Test
    default void axpyAndScaleWorkOnEqualSizesOfAnyShape() {
        Tensor x = operand(6, 5, gaussian(30));
        Tensor y = operand(3, 10, gaussian(30));
        double[] xv = held(x);
        double[] yv = held(y);
        backend().axpy(-1.5, x, y);
        double[] want = new double[30];
        double[] scale = new double[30];
        for (int i = 0; i < 30; i++) {
            want[i] = -1.5 * xv[i] + yv[i];
            scale[i] = 1.5 * Math.abs(xv[i]) + Math.abs(yv[i]);
        }
        assertClose("axpy", want, held(y), scale);
        backend().scale(x, 0.25);
        for (int i = 0; i < 30; i++) {
            want[i] = 0.25 * xv[i];
        }
        assertClose("scale", want, held(x));
        assertBordersIntact("axpy/scale", x, y);
        assertThatThrownBy(() -> backend().axpy(1, x, operand(1, 29))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("axpy").hasMessageContaining("[6, 5]").hasMessageContaining("[1, 29]");
    }

    @Test
    default void sumOfSquaresAndSumOfAbsReduceEverything() {
        Tensor x = operand(31, 17, gaussian(31 * 17));
        double[] xv = held(x);
        double squares = 0;
        double abs = 0;
        for (double v : xv) {
            squares += v * v;
            abs += Math.abs(v);
        }
        Tensor out = operand(1, 1, new double[] {99});
        backend().sumOfSquares(x, out);
        assertClose("sumOfSquares", squares, held(out)[0]);
        backend().sumOfAbs(x, out);
        assertClose("sumOfAbs", abs, held(out)[0]);
        assertBordersIntact("sums", out);
    }

    @Test
    default void addSignAddsLambdaTimesSignWithSignOfZeroZero() {
        double[] xs = gaussian(24);
        xs[3] = 0;
        xs[7] = -0.0;
        Tensor x = operand(4, 6, xs);
        Tensor y = operand(2, 12, gaussian(24));
        double[] xv = held(x);
        double[] yv = held(y);
        backend().addSign(0.3, x, y);
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
    default void countNonFiniteCountsNaNsAndInfinities() {
        double[] xs = gaussian(20);
        xs[0] = Double.NaN;
        xs[5] = Double.POSITIVE_INFINITY;
        xs[19] = Double.NEGATIVE_INFINITY;
        xs[7] = 1e300;
        Tensor x = operand(4, 5, xs);
        Tensor out = operand(1, 2);
        backend().countNonFinite(x, out);
        double expected = backend().dtype() == DType.FLOAT32 ? 4 : 3;
        assertThat(held(out)[0]).as("1e300 overflows to infinity in float32").isEqualTo(expected);
    }

    @Test
    default void countCorrectHandlesClassIndicesOneHotAndBinaryTargets() {
        Tensor output = operand(4, 3, new double[] {
            0.1, 0.7, 0.2,
            0.5, 0.5, 0.0,
            0.3, 0.3, 0.4,
            0.9, 0.05, 0.05});
        Tensor counter = int32Operand(1, 1, new int[] {10});
        backend().countCorrect(output, operand(4, 1, new double[] {1, 0, 0, 0}), 0.5, counter);
        assertThat(held(counter)[0]).as("10 + three right (ties go to the first maximum)").isEqualTo(13);
        Tensor oneHot = operand(4, 3, new double[] {0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0});
        backend().countCorrect(output, oneHot, 0.5, counter);
        assertThat(held(counter)[0]).isEqualTo(16);
        Tensor probability = operand(5, 1, new double[] {0.2, 0.6, 0.5, 0.51, 0.9});
        Tensor labels = operand(5, 1, new double[] {0, 1, 1, 0, 1});
        backend().countCorrect(probability, labels, 0.5, counter);
        assertThat(held(counter)[0]).as("0.5 is not above the threshold").isEqualTo(19);
    }

    @Test
    default void argmaxRowsTakesTheFirstMaximum() {
        Tensor output = operand(3, 4, new double[] {1, 3, 3, 2, -1, -2, -0.5, -0.5, 0, 0, 0, 0});
        Tensor predicted = int32Operand(3, 1);
        backend().argmaxRows(output, predicted);
        int[] classes = new int[3];
        backend().download(predicted, classes, 0);
        assertThat(classes).containsExactly(1, 2, 0);
        assertBordersIntact("argmaxRows", predicted);
        Tensor floats = operand(3, 1);
        assertThatThrownBy(() -> backend().argmaxRows(output, floats)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argmaxRows").hasMessageContaining("predicted").hasMessageContaining("INT32");
        assertThatThrownBy(() -> backend().countCorrect(output, operand(3, 1), 0.5, operand(1, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("countCorrect").hasMessageContaining("counter")
                .hasMessageContaining("INT32");
    }

    @Test
    default void countCorrectCountsExactlyBeyondWhatAFloatHolds() {
        Tensor output = operand(3, 2, new double[] {0, 1, 1, 0, 0, 1});
        Tensor labels = operand(3, 1, new double[] {1, 0, 0});
        int start = (1 << 24) + 1; // a float32 counter would hold 2^24 and lose every odd addition
        Tensor counter = int32Operand(1, 1, new int[] {start});
        backend().countCorrect(output, labels, 0.5, counter);
        backend().countCorrect(output, labels, 0.5, counter);
        assertThat((long) backend().readScalar(counter, 0)).as("2^24 + 1 + 2 + 2").isEqualTo(start + 4L);
    }
}
