package dev.myelin.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.myelin.backend.Backend;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The root of the backend test kit: every {@link Backend} operation, run on the backend a test class supplies,
 * compared with a plain float64 reference written in the kit (Commons Math for GEMM, the formulas of the loss and
 * activation documentation for the rest) or with PyTorch's numbers ({@link ActivationLossGoldenKit}).
 *
 * <p>The tests are default methods of interfaces by area ({@link DeviceMemoryKit}, {@link BlasReductionKit},
 * {@link ActivationKit}, {@link LossKit}, {@link NormalisationKit}, {@link ElementwiseKit}, {@link OptimiserStepKit},
 * {@link ActivationLossGoldenKit}); {@link BackendTestKit} gathers them all. A backend module runs the kit in its own
 * tests by a class that extends {@link BackendUnderTest} (which keeps the {@link KitFixture}), implements
 * {@link BackendTestKit} and opens its backend:
 *
 * <pre>{@code
 * class CpuFloat64BackendKitTest extends BackendUnderTest implements BackendTestKit {
 *     public Backend openBackend() { return new CpuBackend(DType.FLOAT64); }
 * }
 * }</pre>
 *
 * <p>Inputs are uploaded, then downloaded again, and the reference is computed from the values the backend actually
 * holds, so a tolerance measures the backend's arithmetic, not the rounding of the inputs to its dtype. Tolerances are
 * per dtype ({@link Tolerance#FLOAT64}, {@link Tolerance#FLOAT32}); a test class may override {@link #tolerance()}.
 */
public interface BackendKit {

    /** A fresh backend for one test; the kit closes it after the test. */
    Backend openBackend();

    /** The fixture of the running test, one per test instance ({@link BackendUnderTest} keeps it). */
    KitFixture fixture();

    /** Tolerance for this backend; by default from its dtype. */
    default Tolerance tolerance() {
        return backend().dtype() == DType.FLOAT64 ? Tolerance.FLOAT64 : Tolerance.FLOAT32;
    }

    /** Opens the backend before each test. */
    @BeforeEach
    default void openTheBackend() {
        fixture().open(openBackend());
    }

    /** Closes the test's tensors and the backend after each test. */
    @AfterEach
    default void closeTheBackend() {
        fixture().close();
    }

    /** The backend under test. */
    default Backend backend() {
        return fixture().backend();
    }

    /** The seeded generator of the test's inputs. */
    default Random random() {
        return fixture().random();
    }

    /** Closes {@code t} with the backend at the end of the test. */
    default void own(Tensor t) {
        fixture().own(t);
    }

    /** A zero-filled owning tensor or, every other call, a zero-filled view inside a sentinel-filled buffer. */
    default Tensor operand(int rows, int cols) {
        return fixture().operand(rows, cols);
    }

    /** A zero-filled {@code [rows, cols]} operand: a view inside a sentinel-filled buffer when {@code asView}. */
    default Tensor operand(int rows, int cols, boolean asView) {
        return fixture().operand(rows, cols, asView);
    }

    /** An operand holding {@code values}; the values it actually holds are {@link #held}. */
    default Tensor operand(int rows, int cols, double[] values) {
        Tensor t = operand(rows, cols);
        backend().upload(values, 0, t);
        return t;
    }

    /** A zero-filled {@link dev.myelin.backend.DType#INT32} operand: owning, or every other call a view inside a sentinel-filled buffer. */
    default Tensor int32Operand(int rows, int cols) {
        return fixture().int32Operand(rows, cols);
    }

    /** An INT32 operand holding {@code values}. */
    default Tensor int32Operand(int rows, int cols, int[] values) {
        Tensor t = int32Operand(rows, cols);
        backend().upload(values, 0, t);
        return t;
    }

    /** The values {@code t} holds, downloaded as float64 (INT32 values exactly). */
    default double[] held(Tensor t) {
        return fixture().held(t);
    }

    /** Fails naming {@code op} when an operation wrote into the sentinel-filled buffer around a view operand. */
    default void assertBordersIntact(String op, Tensor... tensors) {
        fixture().assertBordersIntact(op, tensors);
    }

    /** {@code n} standard normal draws. */
    default double[] gaussian(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random().nextGaussian();
        }
        return x;
    }

    /** {@code n} uniform draws in {@code [lo, hi)}. */
    default double[] uniform(int n, double lo, double hi) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * random().nextDouble();
        }
        return x;
    }

    /** Element-wise comparison with the reference within {@link #tolerance()}. */
    default void assertClose(String what, double[] want, double[] got) {
        assertClose(what, want, got, null);
    }

    /** Element-wise comparison; {@code scale[i]} (may be null) is the magnitude of the terms combined. */
    default void assertClose(String what, double[] want, double[] got, double[] scale) {
        assertThat(got).as(what + ": length").hasSize(want.length);
        Tolerance tol = tolerance();
        for (int i = 0; i < want.length; i++) {
            double magnitude = Math.max(Math.abs(want[i]), scale == null ? 0 : scale[i]);
            double allowed = tol.relative() * magnitude + tol.absolute();
            if (!(Math.abs(got[i] - want[i]) <= allowed) && !(Double.isNaN(want[i]) && Double.isNaN(got[i]))
                    && !(want[i] == got[i])) {
                fail(what + " on " + backend().name() + ": element " + i + " is " + got[i] + ", reference " + want[i]
                        + " (allowed difference " + allowed + ")");
            }
        }
    }

    /** Scalar comparison with the reference within {@link #tolerance()}. */
    default void assertClose(String what, double want, double got) {
        assertClose(what, new double[] {want}, new double[] {got});
    }
}
