package dev.myelin.optim;

import dev.myelin.util.ArgumentChecks;

/**
 * The checks of the settings that every adaptive optimiser ({@link AdaGrad}, {@link AdaDelta}, {@link RmsProp},
 * {@link Adam}, {@link AdamW}, {@link Nadam}) has: a learning rate η, an ε that keeps the denominator away from 0,
 * and a weight decay λ. Each optimiser checks its own further settings (β, ρ, α, momentum) after these.
 *
 * <p>Stateless; safe to call from any thread.
 */
final class AdaptiveSettings {
    private AdaptiveSettings() {
    }

    /** η finite and &gt; 0, ε finite and &gt; 0, λ finite and ≥ 0 (coupled or decoupled). */
    static void check(double learningRate, double epsilon, double weightDecay) {
        ArgumentChecks.positive("learning rate", learningRate);
        ArgumentChecks.positive("ε", epsilon);
        ArgumentChecks.nonNegative("weight decay", weightDecay);
    }
}
