package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Running form of {@link BatchNormSpec}. The running mean and variance ({@code [1, features]}) are
 * tensors owned by the layer, exposed by {@link #stateTensors()} as {@code runningMean} and
 * {@code runningVar}; γ and β are views of the model's flat buffers.
 *
 * <p>Not thread-safe: it keeps the last pass's tensors and its running estimates; use it only through its model,
 * whose thread-safety rules apply (see {@link dev.myelin.model.Model}).
 */
public final class BatchNorm extends Layer {
    private final BatchNormSpec spec;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private Tensor gamma;
    private Tensor beta;
    private Tensor gradGamma;
    private Tensor gradBeta;
    private Tensor input;
    private boolean trainingForward;

    BatchNorm(Backend backend, int width, BatchNormSpec spec) {
        super(backend, width, width);
        this.spec = spec;
        this.runningMean = backend.allocate(1, width);
        this.runningVar = backend.allocate(1, width);
        backend.fill(runningVar, 1.0);
    }

    /** The configuration. */
    public BatchNormSpec spec() {
        return spec;
    }

    @Override
    public List<ParameterBlock> parameterBlocks() {
        return List.of(new ParameterBlock("gamma", 1, outputWidth, false), new ParameterBlock("beta", 1, outputWidth, false));
    }

    @Override
    public void initialize(ParameterBlock block, double[] host, int offset, SplittableRandom rng) {
        switch (block.name()) {
            case "gamma" -> Arrays.fill(host, offset, offset + outputWidth, 1.0);
            case "beta" -> Arrays.fill(host, offset, offset + outputWidth, 0.0);
            default -> super.initialize(block, host, offset, rng);
        }
    }

    @Override
    public void bind(List<Tensor> parameters, List<Tensor> gradients) {
        gamma = parameters.get(0);
        beta = parameters.get(1);
        gradGamma = gradients.get(0);
        gradBeta = gradients.get(1);
    }

    @Override
    public List<NamedTensor> stateTensors() {
        return List.of(new NamedTensor("runningMean", runningMean), new NamedTensor("runningVar", runningVar));
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
        checkInput(x);
        input = x;
        trainingForward = mode.training();
        Tensor out = workspace.get("y", x.rows(), outputWidth);
        if (trainingForward) {
            if (x.rows() < 2) {
                throw new IllegalArgumentException(describe() + ": training needs at least 2 samples per batch to estimate each feature's"
                        + " variance, got a batch of " + x.rows() + " (use a batch size of at least 2; a last partial batch of 1 sample"
                        + " cannot be normalised either)");
            }
            backend.batchNormForwardTraining(x, gamma, beta, spec.epsilon(), spec.momentum(), runningMean, runningVar, out,
                    workspace.get("mean", 1, outputWidth), workspace.get("invStd", 1, outputWidth));
        } else {
            backend.batchNormForwardInference(x, gamma, beta, spec.epsilon(), runningMean, runningVar, out);
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
        Tensor gradInput = workspace.get("dx", n, inputWidth);
        if (trainingForward) {
            backend.batchNormBackward(input, gradOutput, gamma, workspace.get("mean", 1, outputWidth), workspace.get("invStd", 1, outputWidth),
                    gradInput, gradGamma, gradBeta);
            return needInputGradient ? gradInput : null;
        }
        Tensor ones = workspace.get("ones", 1, outputWidth);
        Tensor zeros = workspace.get("zeros", 1, outputWidth);
        backend.fill(ones, 1.0);
        backend.fill(zeros, 0.0);
        Tensor xhat = workspace.get("xhat", n, outputWidth);
        backend.batchNormForwardInference(input, ones, zeros, spec.epsilon(), runningMean, runningVar, xhat);
        Tensor product = workspace.get("g*xhat", n, outputWidth);
        backend.multiply(gradOutput, xhat, product);
        backend.columnSums(product, 0.0, gradGamma);
        backend.columnSums(gradOutput, 0.0, gradBeta);
        if (!needInputGradient) {
            return null;
        }
        // γ·g/√(r_σ² + ε): the inference map applied to g with mean 0 and shift 0
        backend.batchNormForwardInference(gradOutput, gamma, zeros, spec.epsilon(), zeros, runningVar, gradInput);
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
