package dev.myelin.optim;

import dev.myelin.backend.Backend;
import dev.myelin.backend.AdamSpec;
import dev.myelin.backend.Tensor;
import dev.myelin.util.ArgumentChecks;

/**
 * NAdam (Dozat 2016): Adam with Nesterov momentum and a momentum schedule, as {@code torch.optim.NAdam}
 * (the PyTorch ≥ 2.0 formula, which PyTorch 1.13 computes on its {@code foreach} path; 1.13's default
 * single-tensor path multiplies μ_t into the next product twice). Per parameter, at step t = 1, 2, …,
 * with ψ the momentum decay:
 * <pre>
 *   μ_t = β1·(1 − 0.5·0.96^(t·ψ)),   Π_t = μ_1·…·μ_t
 *   g'  = g + λ·w                   (coupled L2 decay, when λ &gt; 0)
 *   m   = β1·m + (1−β1)·g'
 *   v   = β2·v + (1−β2)·g'²
 *   d   = √v/√(1−β2^t) + ε
 *   w   = w − η·(1−μ_t)/(1−Π_t) · g'/d − η·μ_{t+1}/(1−Π_t·μ_{t+1}) · m/d
 * </pre>
 * The μ-product and bias correction are kept on the host by the updater, from its step counter (which
 * counts {@link Updater#step} calls, including skipped ones). State: two slots {@code [2, P]}: m, v.
 *
 * <p>Immutable and thread-safe; the {@link Updater} it starts holds one model's optimiser state and is not
 * thread-safe.
 *
 * @param learningRate  η, finite and &gt; 0 (default 2e-3, PyTorch's)
 * @param beta1         β1 in (0, 1) (default 0.9)
 * @param beta2         β2 in (0, 1) (default 0.999)
 * @param epsilon       ε, finite and &gt; 0 (default 1e-8)
 * @param weightDecay   coupled L2 coefficient λ ≥ 0 (default 0)
 * @param momentumDecay ψ, finite and ≥ 0 (default 4e-3)
 */
public record Nadam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, double momentumDecay)
        implements Optimizer {
    /** Default η, PyTorch's. */
    public static final double DEFAULT_LEARNING_RATE = 2e-3;
    /** Default ψ. */
    public static final double DEFAULT_MOMENTUM_DECAY = 4e-3;

    public Nadam {
        Adam.checkAdam(learningRate, beta1, beta2, epsilon, weightDecay);
        ArgumentChecks.nonNegative("momentum decay", momentumDecay);
    }

    /** NAdam with the defaults: η = 2e-3, β1 = 0.9, β2 = 0.999, ε = 1e-8, no decay, ψ = 4e-3. */
    public static Nadam defaults() {
        return of(DEFAULT_LEARNING_RATE);
    }

    /** NAdam with learning rate η and the other defaults. */
    public static Nadam of(double learningRate) {
        return new Nadam(learningRate, Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPSILON, 0, DEFAULT_MOMENTUM_DECAY);
    }

    /** The same optimiser with β1 and β2. */
    public Nadam withBetas(double b1, double b2) {
        return new Nadam(learningRate, b1, b2, epsilon, weightDecay, momentumDecay);
    }

    /** The same optimiser with ε. */
    public Nadam withEpsilon(double eps) {
        return new Nadam(learningRate, beta1, beta2, eps, weightDecay, momentumDecay);
    }

    /** The same optimiser with coupled L2 decay λ. */
    public Nadam withWeightDecay(double decay) {
        return new Nadam(learningRate, beta1, beta2, epsilon, decay, momentumDecay);
    }

    /** The same optimiser with momentum decay ψ. */
    public Nadam withMomentumDecay(double psi) {
        return new Nadam(learningRate, beta1, beta2, epsilon, weightDecay, psi);
    }

    /** μ_t = β1·(1 − 0.5·0.96^(t·ψ)). */
    double mu(double t) {
        return beta1 * (1.0 - 0.5 * Math.pow(0.96, t * momentumDecay));
    }

    @Override
    public Updater start(Backend backend, int parameterCount) {
        AdamSpec spec = new AdamSpec(false, beta1, beta2, epsilon, weightDecay);
        return new AdaptiveUpdater(backend, parameterCount, 2) {
            private double muProduct = 1.0;

            @Override
            void update(Tensor params, Tensor grads, double lr, Tensor gradScale) {
                double t = steps() + 1;
                double mu = mu(t);
                double muNext = mu(t + 1);
                double product = muProduct * mu;
                double gradCoefficient = lr * (1.0 - mu) / (1.0 - product);
                double momentCoefficient = lr * muNext / (1.0 - product * muNext);
                double sqrtBiasCorrection2 = Math.sqrt(1 - Math.pow(beta2, t));
                backend.adamStep(spec, lr, gradCoefficient, momentCoefficient, sqrtBiasCorrection2, params, grads, slot(0), slot(1), gradScale);
                muProduct = product;
            }
        };
    }

    @Override
    public String describe() {
        return "nadam(lr=" + learningRate + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + epsilon
                + (weightDecay > 0 ? ", wd=" + weightDecay : "") + ", momentum_decay=" + momentumDecay + ")";
    }
}
