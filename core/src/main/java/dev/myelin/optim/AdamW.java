package dev.myelin.optim;

import dev.myelin.backend.Backend;
import dev.myelin.backend.AdamSpec;

/**
 * AdamW (Loshchilov and Hutter 2019): {@link Adam} with decoupled weight decay, exactly as
 * {@code torch.optim.AdamW}. Per parameter, at step t = 1, 2, …:
 * <pre>
 *   w  = w·(1 − η·λ)              (decay applied to the weights, not added to the gradient)
 *   m  = β1·m + (1−β1)·g
 *   v  = β2·v + (1−β2)·g²
 *   w  = w − η/(1−β1^t) · m / (√v/√(1−β2^t) + ε)
 * </pre>
 * State: two slots {@code [2, P]}: m, v. The decay applies to every parameter (biases included),
 * as in PyTorch with a single parameter group.
 *
 * <p>Immutable and thread-safe; the {@link Updater} it starts holds one model's optimiser state and is not
 * thread-safe.
 *
 * @param learningRate η, finite and &gt; 0 (default 1e-3)
 * @param beta1        β1 in (0, 1) (default 0.9)
 * @param beta2        β2 in (0, 1) (default 0.999)
 * @param epsilon      ε, finite and &gt; 0 (default 1e-8)
 * @param weightDecay  decoupled decay λ ≥ 0 (default 0.01)
 */
public record AdamW(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) implements Optimizer {
    /** Default λ, PyTorch's. */
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;

    public AdamW {
        Adam.checkAdam(learningRate, beta1, beta2, epsilon, weightDecay);
    }

    /** AdamW with the defaults: η = 1e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0.01. */
    public static AdamW defaults() {
        return of(Adam.DEFAULT_LEARNING_RATE);
    }

    /** AdamW with learning rate η and the other defaults. */
    public static AdamW of(double learningRate) {
        return new AdamW(learningRate, Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPSILON, DEFAULT_WEIGHT_DECAY);
    }

    /** The same optimiser with β1 and β2. */
    public AdamW withBetas(double b1, double b2) {
        return new AdamW(learningRate, b1, b2, epsilon, weightDecay);
    }

    /** The same optimiser with ε. */
    public AdamW withEpsilon(double eps) {
        return new AdamW(learningRate, beta1, beta2, eps, weightDecay);
    }

    /** The same optimiser with decoupled decay λ. */
    public AdamW withWeightDecay(double decay) {
        return new AdamW(learningRate, beta1, beta2, epsilon, decay);
    }

    @Override
    public Updater start(Backend backend, int parameterCount) {
        return new Adam.AdamUpdater(backend, parameterCount, new AdamSpec(true, beta1, beta2, epsilon, weightDecay));
    }

    @Override
    public String describe() {
        return "adamw(lr=" + learningRate + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + epsilon + ", wd=" + weightDecay + ")";
    }
}
