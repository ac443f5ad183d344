package dev.myelin.optim;

import dev.myelin.backend.Backend;
import dev.myelin.backend.RmsPropSpec;
import dev.myelin.backend.Tensor;
import dev.myelin.util.ArgumentChecks;

/**
 * RMSprop (Hinton's lecture 6e) in PyTorch's form ({@code torch.optim.RMSprop}), optionally centered and
 * with momentum. Per parameter, with every buffer starting at 0:
 * <pre>
 *   g' = g + λ·w                         (coupled L2 decay, when λ &gt; 0)
 *   v  = α·v + (1−α)·g'²
 *   centered: a = α·a + (1−α)·g';  d = √(v − a²) + ε
 *   else:     d = √v + ε
 *   momentum μ &gt; 0:  b = μ·b + g'/d;  w = w − η·b
 *   else:            w = w − η·g'/d
 * </pre>
 * State {@code [slots, P]}: v, then a (when centered), then b (when μ &gt; 0).
 *
 * <p>Immutable and thread-safe; the {@link Updater} it starts holds one model's optimiser state and is not
 * thread-safe.
 *
 * @param learningRate η, finite and &gt; 0 (default 0.01)
 * @param alpha        smoothing constant α of the averages, in [0, 1) (default 0.99)
 * @param epsilon      ε added to the denominator (outside the square root), finite and &gt; 0 (default 1e-8)
 * @param momentum     μ in [0, 1) (default 0: no momentum buffer)
 * @param centered     divide by the estimated standard deviation instead of the root mean square (default false)
 * @param weightDecay  coupled L2 coefficient λ ≥ 0 (default 0)
 */
public record RmsProp(double learningRate, double alpha, double epsilon, double momentum, boolean centered, double weightDecay)
        implements Optimizer {
    /** Default η. */
    public static final double DEFAULT_LEARNING_RATE = 0.01;
    /** Default α. */
    public static final double DEFAULT_ALPHA = 0.99;
    /** Default ε. */
    public static final double DEFAULT_EPSILON = 1e-8;

    public RmsProp {
        AdaptiveSettings.check(learningRate, epsilon, weightDecay);
        ArgumentChecks.inClosedOpenUnitInterval("α", alpha);
        ArgumentChecks.inClosedOpenUnitInterval("momentum", momentum);
    }

    /** RMSprop with the defaults: η = 0.01, α = 0.99, ε = 1e-8, no momentum, not centered, no decay. */
    public static RmsProp defaults() {
        return of(DEFAULT_LEARNING_RATE);
    }

    /** RMSprop with learning rate η and the other defaults. */
    public static RmsProp of(double learningRate) {
        return new RmsProp(learningRate, DEFAULT_ALPHA, DEFAULT_EPSILON, 0, false, 0);
    }

    /** The same optimiser with momentum μ. */
    public RmsProp withMomentum(double mu) {
        return new RmsProp(learningRate, alpha, epsilon, mu, centered, weightDecay);
    }

    /** The same optimiser, centered (PyTorch's {@code centered=True}). */
    public RmsProp asCentered() {
        return new RmsProp(learningRate, alpha, epsilon, momentum, true, weightDecay);
    }

    /** The same optimiser with smoothing constant α. */
    public RmsProp withAlpha(double newAlpha) {
        return new RmsProp(learningRate, newAlpha, epsilon, momentum, centered, weightDecay);
    }

    /** The same optimiser with ε. */
    public RmsProp withEpsilon(double eps) {
        return new RmsProp(learningRate, alpha, eps, momentum, centered, weightDecay);
    }

    /** The same optimiser with coupled L2 decay λ. */
    public RmsProp withWeightDecay(double decay) {
        return new RmsProp(learningRate, alpha, epsilon, momentum, centered, decay);
    }

    @Override
    public Updater start(Backend backend, int parameterCount) {
        int slots = 1 + (centered ? 1 : 0) + (momentum > 0 ? 1 : 0);
        RmsPropSpec spec = new RmsPropSpec(alpha, epsilon, weightDecay, momentum);
        return new AdaptiveUpdater(backend, parameterCount, slots) {
            @Override
            void update(Tensor params, Tensor grads, double lr, Tensor gradScale) {
                Tensor gradAvg = centered ? slot(1) : null;
                Tensor buffer = momentum > 0 ? slot(centered ? 2 : 1) : null;
                backend.rmspropStep(spec, lr, params, grads, slot(0), gradAvg, buffer, gradScale);
            }
        };
    }

    @Override
    public String describe() {
        return "rmsprop(lr=" + learningRate + ", alpha=" + alpha + ", eps=" + epsilon + (momentum > 0 ? ", momentum=" + momentum : "")
                + (centered ? ", centered" : "") + (weightDecay > 0 ? ", wd=" + weightDecay : "") + ")";
    }
}
