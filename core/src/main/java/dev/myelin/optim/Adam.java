package dev.myelin.optim;

import dev.myelin.backend.Backend;
import dev.myelin.backend.AdamSpec;
import dev.myelin.backend.Tensor;
import dev.myelin.util.ArgumentChecks;

/**
 * Adam (Kingma and Ba 2015), bias-corrected, with ε outside the square root and optional coupled L2
 * decay, exactly as {@code torch.optim.Adam}. Per parameter, at step t = 1, 2, … with m = v = 0 at first:
 * <pre>
 *   g' = g + λ·w                  (coupled L2 decay, when λ &gt; 0)
 *   m  = β1·m + (1−β1)·g'
 *   v  = β2·v + (1−β2)·g'²
 *   w  = w − η/(1−β1^t) · m / (√v/√(1−β2^t) + ε)
 * </pre>
 * The bias corrections are computed on the host from the updater's step counter, which counts
 * {@link Updater#step} calls, including steps the backend skipped for a non-finite gradient scale.
 * State: two slots {@code [2, P]}: m, v. For decoupled decay use {@link AdamW}.
 *
 * <p>Immutable and thread-safe; the {@link Updater} it starts holds one model's optimiser state and is not
 * thread-safe.
 *
 * @param learningRate η, finite and &gt; 0 (default 1e-3)
 * @param beta1        decay β1 of the first moment, in (0, 1) (default 0.9)
 * @param beta2        decay β2 of the second moment, in (0, 1) (default 0.999)
 * @param epsilon      ε, finite and &gt; 0 (default 1e-8)
 * @param weightDecay  coupled L2 coefficient λ ≥ 0 (default 0)
 */
public record Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) implements Optimizer {
    /** Default η. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** Default β1. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** Default β2. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** Default ε. */
    public static final double DEFAULT_EPSILON = 1e-8;

    public Adam {
        checkAdam(learningRate, beta1, beta2, epsilon, weightDecay);
    }

    /** Adam with the defaults: η = 1e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8, no decay. */
    public static Adam defaults() {
        return of(DEFAULT_LEARNING_RATE);
    }

    /** Adam with learning rate η and the other defaults. */
    public static Adam of(double learningRate) {
        return new Adam(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, 0);
    }

    /** The same optimiser with β1 and β2. */
    public Adam withBetas(double b1, double b2) {
        return new Adam(learningRate, b1, b2, epsilon, weightDecay);
    }

    /** The same optimiser with ε. */
    public Adam withEpsilon(double eps) {
        return new Adam(learningRate, beta1, beta2, eps, weightDecay);
    }

    /** The same optimiser with coupled L2 decay λ. */
    public Adam withWeightDecay(double decay) {
        return new Adam(learningRate, beta1, beta2, epsilon, decay);
    }

    static void checkAdam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
        AdaptiveSettings.check(learningRate, epsilon, weightDecay);
        ArgumentChecks.inOpenUnitInterval("β1", beta1);
        ArgumentChecks.inOpenUnitInterval("β2", beta2);
    }

    @Override
    public Updater start(Backend backend, int parameterCount) {
        return new AdamUpdater(backend, parameterCount, new AdamSpec(false, beta1, beta2, epsilon, weightDecay));
    }

    @Override
    public String describe() {
        return "adam(lr=" + learningRate + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + epsilon
                + (weightDecay > 0 ? ", wd=" + weightDecay : "") + ")";
    }

    /** The running rule of Adam and AdamW: state [m; v], bias corrections from the step counter. */
    static final class AdamUpdater extends AdaptiveUpdater {
        private final AdamSpec spec;

        AdamUpdater(Backend backend, int parameterCount, AdamSpec spec) {
            super(backend, parameterCount, 2);
            this.spec = spec;
        }

        @Override
        void update(Tensor params, Tensor grads, double lr, Tensor gradScale) {
            double t = steps() + 1;
            double momentCoefficient = lr / (1 - Math.pow(spec.beta1(), t));
            double sqrtBiasCorrection2 = Math.sqrt(1 - Math.pow(spec.beta2(), t));
            backend.adamStep(spec, lr, 0.0, momentCoefficient, sqrtBiasCorrection2, params, grads, slot(0), slot(1), gradScale);
        }
    }
}
