package dev.myelin.optim;

import dev.myelin.backend.Backend;
import dev.myelin.backend.AdaGradSpec;
import dev.myelin.backend.Tensor;

/**
 * AdaGrad (Duchi et al. 2011) in PyTorch's form ({@code torch.optim.Adagrad} without learning-rate
 * decay): per parameter, with G the running sum of squared gradients (starting at 0),
 * <pre>
 *   g' = g + λ·w          (coupled L2 decay, when λ &gt; 0)
 *   G  = G + g'²
 *   w  = w − η·g' / (√G + ε)
 * </pre>
 * State: one slot {@code [1, P]} holding G.
 *
 * <p>Immutable and thread-safe; the {@link Updater} it starts holds one model's optimiser state and is not
 * thread-safe.
 *
 * @param learningRate η, finite and &gt; 0 (default 0.01)
 * @param epsilon      ε added to √G, finite and &gt; 0 (default 1e-10)
 * @param weightDecay  coupled L2 coefficient λ ≥ 0 (default 0)
 */
public record AdaGrad(double learningRate, double epsilon, double weightDecay) implements Optimizer {
    /** Default η. */
    public static final double DEFAULT_LEARNING_RATE = 0.01;
    /** Default ε. */
    public static final double DEFAULT_EPSILON = 1e-10;

    public AdaGrad {
        AdaptiveSettings.check(learningRate, epsilon, weightDecay);
    }

    /** AdaGrad with the defaults: η = 0.01, ε = 1e-10, no decay. */
    public static AdaGrad defaults() {
        return of(DEFAULT_LEARNING_RATE);
    }

    /** AdaGrad with learning rate η and the other defaults. */
    public static AdaGrad of(double learningRate) {
        return new AdaGrad(learningRate, DEFAULT_EPSILON, 0);
    }

    /** The same optimiser with coupled L2 decay λ. */
    public AdaGrad withWeightDecay(double decay) {
        return new AdaGrad(learningRate, epsilon, decay);
    }

    /** The same optimiser with ε. */
    public AdaGrad withEpsilon(double eps) {
        return new AdaGrad(learningRate, eps, weightDecay);
    }

    @Override
    public Updater start(Backend backend, int parameterCount) {
        AdaGradSpec spec = new AdaGradSpec(epsilon, weightDecay);
        return new AdaptiveUpdater(backend, parameterCount, 1) {
            @Override
            void update(Tensor params, Tensor grads, double lr, Tensor gradScale) {
                backend.adagradStep(spec, lr, params, grads, slot(0), gradScale);
            }
        };
    }

    @Override
    public String describe() {
        return "adagrad(lr=" + learningRate + ", eps=" + epsilon + (weightDecay > 0 ? ", wd=" + weightDecay : "") + ")";
    }
}
