package dev.myelin.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.backend.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Other element-wise operations: clamp, the clipping scale, multiply, the dropout mask, PReLU and maxout.
 *
 * <p>Part of the backend test kit: a backend module's test class implements this interface (or {@link
 * BackendTestKit}, which gathers every area) and supplies the backend; see {@link BackendKit}.
 */
public interface ElementwiseKit extends BackendKit {

    @Test
    default void clampBoundsEveryElement() {
        Tensor x = operand(5, 7, gaussian(35));
        double[] xv = held(x);
        backend().clamp(x, -0.5, 0.25);
        double[] want = new double[35];
        for (int i = 0; i < 35; i++) {
            want[i] = Math.min(Math.max(xv[i], -0.5), 0.25);
        }
        assertThat(held(x)).containsExactly(want);
        assertBordersIntact("clamp", x);
    }

    @Test
    default void clipScaleIsMaxNormOverTheNormCappedAtOneAndNaNForANonFiniteNorm() {
        Tensor sumSquares = operand(1, 1, new double[] {16});
        Tensor scale = operand(1, 1);
        backend().clipScale(sumSquares, 1.0, scale);
        assertClose("clipScale ‖g‖ = 4, max 1", 1.0 / (4 + 1e-6), held(scale)[0]);
        backend().clipScale(sumSquares, 10.0, scale);
        assertThat(held(scale)[0]).as("norm below the maximum").isEqualTo(1.0);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            backend().upload(new double[] {bad}, 0, sumSquares);
            backend().clipScale(sumSquares, 1.0, scale);
            assertThat(held(scale)[0]).as("scale for a sum of squares of %s", bad).isNaN();
        }
    }

    @Test
    default void multiplyIsElementWise() {
        Tensor a = operand(4, 9, gaussian(36));
        Tensor b = operand(6, 6, gaussian(36));
        Tensor out = operand(4, 9);
        double[] av = held(a);
        double[] bv = held(b);
        backend().multiply(a, b, out);
        double[] want = new double[36];
        for (int i = 0; i < 36; i++) {
            want[i] = av[i] * bv[i];
        }
        assertClose("multiply", want, held(out));
        assertBordersIntact("multiply", out);
    }

    @Test
    default void dropoutMaskKeepsUnitsWhoseUniformIsAtLeastPAndScalesThem() {
        long seed = 0x1234_5678_9abcL;
        long step = 5_000_000_123L;
        int layer = 3;
        double p = 0.3;
        Tensor mask = operand(7, 33);
        backend().dropoutMask(seed, step, layer, p, mask);
        double[] want = new double[mask.size()];
        for (int e = 0; e < want.length; e++) {
            want[e] = dev.myelin.random.DropoutStream.uniform(seed, step, layer, e) >= p ? 1 / (1 - p) : 0;
        }
        assertClose("dropoutMask", want, held(mask));
        assertBordersIntact("dropoutMask", mask);
    }

    @Test
    default void preluUsesOneAlphaPerFeature() {
        int n = 13;
        int f = 17;
        Tensor z = operand(n, f, gaussian(n * f));
        Tensor alpha = operand(1, f, uniform(f, -0.5, 0.5));
        Tensor out = operand(n, f);
        double[] zv = held(z);
        double[] av = held(alpha);
        backend().preluForward(z, alpha, out);
        double[] want = new double[n * f];
        for (int e = 0; e < want.length; e++) {
            want[e] = Math.max(0, zv[e]) + av[e % f] * Math.min(0, zv[e]);
        }
        assertClose("prelu forward", want, held(out));
        Tensor gradOut = operand(n, f, gaussian(n * f));
        Tensor gradZ = operand(n, f);
        Tensor gradAlpha = operand(1, f, gaussian(f));
        double[] g = held(gradOut);
        backend().preluBackward(z, alpha, gradOut, gradZ, gradAlpha);
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
    default void maxoutTakesTheFirstMaximumOfEachGroupAndRoutesTheGradientToIt() {
        int n = 3;
        int k = 3;
        int units = 2;
        double[] zs = {
            1, 5, 5, -1, -2, -3,
            0, 0, 0, 2, 7, 1,
            -4, 9, 3, 6, 6, 8};
        Tensor z = operand(n, units * k, zs);
        Tensor out = operand(n, units);
        Tensor argmax = int32Operand(n, units);
        backend().maxoutForward(z, k, out, argmax);
        assertThat(held(out)).containsExactly(5, -1, 0, 7, 9, 8);
        assertThat(held(argmax)).containsExactly(1, 0, 0, 1, 1, 2);
        Tensor gradOut = operand(n, units, new double[] {1.5, -2, 3, 4, 0.5, -1});
        Tensor gradZ = operand(n, units * k, gaussian(n * units * k));
        backend().maxoutBackward(gradOut, argmax, k, gradZ);
        assertThat(held(gradZ)).containsExactly(
                0, 1.5, 0, -2, 0, 0,
                3, 0, 0, 0, 4, 0,
                0, 0.5, 0, 0, 0, -1);
        assertBordersIntact("maxout", out, argmax, gradZ);
        assertThatThrownBy(() -> backend().maxoutForward(z, k, out, operand(n, units))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxoutForward").hasMessageContaining("argmax").hasMessageContaining("INT32");
    }
}
