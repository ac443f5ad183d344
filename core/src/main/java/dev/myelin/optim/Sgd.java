package dev.myelin.optim;

import dev.myelin.backend.Backend;
import dev.myelin.backend.SgdSpec;
import dev.myelin.backend.MomentumForm;
import dev.myelin.backend.Tensor;
import dev.myelin.util.ArgumentChecks;

/**
 * Stochastic gradient descent, with momentum in either form or Nesterov's, and optional coupled L2
 * weight decay on every parameter ({@code g ← g + decay·w}, PyTorch's {@code weight_decay}).
 * With β the momentum and η the learning rate:
 * <ul>
 *   <li>plain: {@code w −= η·g}</li>
 *   <li>classical momentum (default form): {@code v = β·v + η·g; w −= v}</li>
 *   <li>EMA momentum: {@code v = β·v + (1−β)·g; w −= η·v}</li>
 *   <li>Nesterov: {@code v = β·v + η·g; w −= β·v + η·g}</li>
 * </ul>
 * For a constant η the classical and Nesterov forms equal PyTorch's {@code SGD(momentum=β[, nesterov=True])}.
 *
 * <p>Immutable and thread-safe; the {@link Updater} it starts holds one model's optimiser state and is not
 * thread-safe.
 *
 * @param learningRate η, finite and > 0
 * @param momentum     β in [0, 1); 0 for plain SGD
 * @param form         how the velocity is used
 * @param weightDecay  coupled L2 coefficient ≥ 0 (default 0)
 */
public record Sgd(double learningRate, double momentum, MomentumForm form, double weightDecay) implements Optimizer {

    public Sgd {
        ArgumentChecks.positive("learning rate", learningRate);
        ArgumentChecks.inClosedOpenUnitInterval("momentum", momentum);
        ArgumentChecks.nonNegative("weight decay", weightDecay);
        ArgumentChecks.notNull("momentum form", form);
        if (form == MomentumForm.NONE && momentum != 0) {
            throw new IllegalArgumentException("plain SGD takes no momentum; use Sgd.momentum(lr, β) or Sgd.nesterov(lr, β)");
        }
    }

    /** Plain SGD. */
    public static Sgd plain(double learningRate) {
        return new Sgd(learningRate, 0, MomentumForm.NONE, 0);
    }

    /** Classical momentum {@code v = β·v + η·g; w −= v}. */
    public static Sgd momentum(double learningRate, double beta) {
        return new Sgd(learningRate, beta, MomentumForm.CLASSICAL, 0);
    }

    /** EMA momentum {@code v = β·v + (1−β)·g; w −= η·v}. */
    public static Sgd emaMomentum(double learningRate, double beta) {
        return new Sgd(learningRate, beta, MomentumForm.EMA, 0);
    }

    /** Nesterov accelerated gradient. */
    public static Sgd nesterov(double learningRate, double beta) {
        return new Sgd(learningRate, beta, MomentumForm.NESTEROV, 0);
    }

    /** The same optimiser with coupled L2 decay. */
    public Sgd withWeightDecay(double decay) {
        return new Sgd(learningRate, momentum, form, decay);
    }

    @Override
    public Updater start(Backend backend, int parameterCount) {
        return new SgdUpdater(backend, parameterCount);
    }

    @Override
    public String describe() {
        String f = switch (form) {
            case NONE -> "";
            case CLASSICAL -> ", momentum=" + momentum;
            case EMA -> ", ema-momentum=" + momentum;
            case NESTEROV -> ", momentum=" + momentum + ", nesterov";
        };
        return "sgd(lr=" + learningRate + f + (weightDecay > 0 ? ", weight_decay=" + weightDecay : "") + ")";
    }

    private final class SgdUpdater implements Updater {
        private final Backend backend;
        private final Tensor velocity;
        private final SgdSpec spec = new SgdSpec(form, momentum, weightDecay);
        private long steps;

        SgdUpdater(Backend backend, int parameterCount) {
            this.backend = backend;
            this.velocity = form == MomentumForm.NONE ? null : backend.allocate(1, Math.max(parameterCount, 1));
        }

        @Override
        public void step(Tensor params, Tensor grads, double lr, Tensor gradScale) {
            ArgumentChecks.positive("learning rate", lr);
            backend.sgdStep(spec, lr, params, grads, velocity, gradScale);
            steps++;
        }

        @Override
        public Tensor state() {
            return velocity;
        }

        @Override
        public long steps() {
            return steps;
        }

        @Override
        public void restore(double[] values, long stepCount) {
            int expected = velocity == null ? 0 : velocity.size();
            if (values.length != expected || stepCount < 0) {
                throw new IllegalArgumentException("SGD state: expected " + expected + " values and a step count >= 0, got " + values.length
                        + " and " + stepCount);
            }
            if (velocity != null) {
                backend.upload(values, 0, velocity);
            }
            this.steps = stepCount;
        }

        @Override
        public void close() {
            if (velocity != null) {
                velocity.close();
            }
        }
    }
}
