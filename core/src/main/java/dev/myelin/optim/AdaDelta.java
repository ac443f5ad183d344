package dev.myelin.optim;

import dev.myelin.backend.Backend;
import dev.myelin.backend.AdaDeltaSpec;
import dev.myelin.backend.Tensor;
import dev.myelin.util.ArgumentChecks;

/**
 * AdaDelta (Zeiler 2012) in PyTorch's form ({@code torch.optim.Adadelta}): per parameter, with the
 * running averages E[g²] and E[Δ²] starting at 0,
 * <pre>
 *   g'    = g + λ·w                          (coupled L2 decay, when λ &gt; 0)
 *   E[g²] = ρ·E[g²] + (1−ρ)·g'²
 *   Δ     = √(E[Δ²] + ε) / √(E[g²] + ε) · g'
 *   E[Δ²] = ρ·E[Δ²] + (1−ρ)·Δ²
 *   w     = w − η·Δ
 * </pre>
 * Zeiler's original has no η (η = 1, the default). State: two slots {@code [2, P]}: E[g²], E[Δ²].
 *
 * <p>Immutable and thread-safe; the {@link Updater} it starts holds one model's optimiser state and is not
 * thread-safe.
 *
 * @param learningRate η scaling the update, finite and &gt; 0 (default 1.0)
 * @param rho          decay ρ of both running averages, in [0, 1) (default 0.9)
 * @param epsilon      ε inside both square roots, finite and &gt; 0 (default 1e-6)
 * @param weightDecay  coupled L2 coefficient λ ≥ 0 (default 0)
 */
public record AdaDelta(double learningRate, double rho, double epsilon, double weightDecay) implements Optimizer {
    /** Default η. */
    public static final double DEFAULT_LEARNING_RATE = 1.0;
    /** Default ρ. */
    public static final double DEFAULT_RHO = 0.9;
    /** Default ε. */
    public static final double DEFAULT_EPSILON = 1e-6;

    public AdaDelta {
        AdaptiveSettings.check(learningRate, epsilon, weightDecay);
        ArgumentChecks.inClosedOpenUnitInterval("ρ", rho);
    }

    /** AdaDelta with the defaults: η = 1, ρ = 0.9, ε = 1e-6, no decay. */
    public static AdaDelta defaults() {
        return of(DEFAULT_LEARNING_RATE);
    }

    /** AdaDelta with learning rate η and the other defaults. */
    public static AdaDelta of(double learningRate) {
        return new AdaDelta(learningRate, DEFAULT_RHO, DEFAULT_EPSILON, 0);
    }

    /** The same optimiser with coupled L2 decay λ. */
    public AdaDelta withWeightDecay(double decay) {
        return new AdaDelta(learningRate, rho, epsilon, decay);
    }

    /** The same optimiser with decay rate ρ. */
    public AdaDelta withRho(double newRho) {
        return new AdaDelta(learningRate, newRho, epsilon, weightDecay);
    }

    /** The same optimiser with ε. */
    public AdaDelta withEpsilon(double eps) {
        return new AdaDelta(learningRate, rho, eps, weightDecay);
    }

    @Override
    public Updater start(Backend backend, int parameterCount) {
        AdaDeltaSpec spec = new AdaDeltaSpec(rho, epsilon, weightDecay);
        return new AdaptiveUpdater(backend, parameterCount, 2) {
            @Override
            void update(Tensor params, Tensor grads, double lr, Tensor gradScale) {
                backend.adadeltaStep(spec, lr, params, grads, slot(0), slot(1), gradScale);
            }
        };
    }

    @Override
    public String describe() {
        return "adadelta(lr=" + learningRate + ", rho=" + rho + ", eps=" + epsilon + (weightDecay > 0 ? ", wd=" + weightDecay : "") + ")";
    }
}
