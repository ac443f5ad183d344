package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BatchNormSettings;
import dev.myelin.backend.Tensor;

/**
 * Running form of {@link BatchNormSpec}. The running mean and variance ({@code [1, features]}) are
 * tensors owned by the layer, registered as state {@code runningMean} and {@code runningVar}
 * ({@link #stateTensors()}); γ and β are parameters in the model's flat buffers.
 *
 * <p>Not thread-safe: it keeps the last pass's tensors and its running estimates; use it only through its model,
 * whose thread-safety rules apply (see {@link dev.myelin.model.Model}).
 */
public final class BatchNorm extends SameWidthLayer {
    private final BatchNormSpec spec;
    /** The spec's ε and momentum as the backend takes them, built once. */
    private final BatchNormSettings settings;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Parameter gamma;
    private final Parameter beta;
    private final Workspace.Slot mean;
    private final Workspace.Slot invStd;
    private final Workspace.Slot ones;
    private final Workspace.Slot zeros;
    private final Workspace.Slot xhat;
    private final Workspace.Slot gradTimesXhat;
    private boolean trainingForward;

    BatchNorm(Backend backend, int width, BatchNormSpec spec) {
        super(backend, width);
        this.spec = spec;
        this.settings = new BatchNormSettings(spec.epsilon(), spec.momentum());
        this.gamma = registerConstant("gamma", width, 1.0);
        this.beta = registerConstant("beta", width, 0.0);
        this.runningMean = registerState("runningMean", backend.allocate(1, width));
        this.runningVar = registerState("runningVar", backend.allocate(1, width));
        backend.fill(runningVar, 1.0);
        this.mean = workspace.slot(width);
        this.invStd = workspace.slot(width);
        this.ones = workspace.slot(width);
        this.zeros = workspace.slot(width);
        this.xhat = workspace.slot(width);
        this.gradTimesXhat = workspace.slot(width);
    }

    /** The configuration. */
    public BatchNormSpec spec() {
        return spec;
    }

    /** The running mean {@code [1, features]} (a live tensor of the layer). */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance {@code [1, features]} (a live tensor of the layer). */
    public Tensor runningVar() {
        return runningVar;
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        Tensor out = outputFor(x);
        trainingForward = mode.training();
        if (trainingForward) {
            if (x.rows() < 2) {
                throw new IllegalArgumentException(describe() + ": training needs at least 2 samples per batch to estimate each feature's"
                        + " variance, got a batch of " + x.rows() + " (use a batch size of at least 2; a last partial batch of 1 sample"
                        + " cannot be normalised either)");
            }
            backend.batchNormForwardTraining(settings, x, gamma.value(), beta.value(), runningMean, runningVar, out,
                    mean.rows(1), invStd.rows(1));
        } else {
            backend.batchNormForwardInference(settings, x, gamma.value(), beta.value(), runningMean, runningVar, out);
        }
        return out;
    }

    /**
     * After a training forward: the gradient through the batch statistics. After an inference forward
     * the layer is the fixed affine map {@code γ·(x − r_μ)/√(r_σ² + ε) + β}, and its gradient is that of
     * the affine map.
     */
    @Override
    public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
        int n = gradOutput.rows();
        Tensor gradInput = inputGradient(n);
        if (trainingForward) {
            backend.batchNormBackward(input(), gradOutput, gamma.value(), mean.rows(1), invStd.rows(1), gradInput, gamma.gradient(),
                    beta.gradient());
            return needInputGradient ? gradInput : null;
        }
        Tensor one = ones.rows(1);
        Tensor zero = zeros.rows(1);
        backend.fill(one, 1.0);
        backend.fill(zero, 0.0);
        Tensor normalised = xhat.rows(n);
        backend.batchNormForwardInference(settings, input(), one, zero, runningMean, runningVar, normalised);
        Tensor product = gradTimesXhat.rows(n);
        backend.multiply(gradOutput, normalised, product);
        backend.columnSums(product, 0.0, gamma.gradient());
        backend.columnSums(gradOutput, 0.0, beta.gradient());
        if (!needInputGradient) {
            return null;
        }
        // γ·g/√(r_σ² + ε): the inference map applied to g with mean 0 and shift 0
        backend.batchNormForwardInference(settings, gradOutput, gamma.value(), zero, zero, runningVar, gradInput);
        return gradInput;
    }

    @Override
    public String describe() {
        return "batch norm " + inputWidth + " (momentum " + spec.momentum() + ", ε " + spec.epsilon() + ")";
    }

    @Override
    public void close() {
        runningMean.close();
        runningVar.close();
        super.close();
    }
}
