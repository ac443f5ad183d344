package dev.myelin.backend;

import dev.myelin.backend.spi.MemoryChecks;

/**
 * The compute interface: everything layers, losses, optimisers and the trainer ask of a device.
 *
 * <p>All tensors are row-major matrices {@code [rows, cols]} of the backend's {@link #dtype()}.
 * Every operation maps to one BLAS call or one kernel launch on a device backend. Scalars that
 * are results (loss sums, counts, norms) are written into 1-element tensors so that a device
 * backend need not copy them to the host until someone asks. Host values cross the boundary
 * as {@code double[]} only through {@link #upload}, {@link #download} and {@link #readScalar}.
 *
 * <p>Shape errors throw {@link IllegalArgumentException} naming the operation and the shapes.
 * A backend is used by one thread at a time unless its documentation says otherwise.
 */
public interface Backend extends AutoCloseable {

    /** Short name, e.g. {@code cpu-f64}. */
    String name();

    /** Element type of every tensor of this backend. */
    DType dtype();

    /** One line for logs: device, precision, threads. */
    String description();

    /**
     * Whether tensors live in host memory (the CPU backend), so that reading a scalar back or uploading a batch
     * costs no more than a memory copy. Default false: a device backend, whose host round trips the trainer
     * keeps out of the training step (device-resident data set, loss read back at intervals).
     */
    default boolean usesHostMemory() {
        return false;
    }

    /** Free device memory in bytes, for deciding whether a data set fits on the device; unbounded by default. */
    default long freeMemoryBytes() {
        return Long.MAX_VALUE;
    }

    // ---------------------------------------------------------------- memory

    /** A new zero-filled tensor {@code [rows, cols]} owning its storage. */
    Tensor allocate(int rows, int cols);

    /**
     * A view {@code [rows, cols]} of {@code rows·cols} consecutive elements of {@code base},
     * starting {@code offset} elements after {@code base}'s first element.
     */
    Tensor view(Tensor base, long offset, int rows, int cols);

    /** Called by {@link Tensor#close()} of an owning tensor; frees or pools its storage. */
    void release(Tensor tensor);

    /** Copies {@code dst.size()} values from {@code src[srcOffset...]} into {@code dst}, converting to the dtype. */
    void upload(double[] src, int srcOffset, Tensor dst);

    /**
     * As {@link #upload(double[], int, Tensor)} from float32 values (float32 data sets). This default widens them
     * into a temporary {@code double[]}; a backend that can take floats directly overrides it.
     */
    default void upload(float[] src, int srcOffset, Tensor dst) {
        MemoryChecks.uploadRange(src, srcOffset, dst);
        int n = dst.size();
        double[] wide = new double[n];
        for (int i = 0; i < n; i++) {
            wide[i] = src[srcOffset + i];
        }
        upload(wide, 0, dst);
    }

    /** Copies all of {@code src} into {@code dst[dstOffset...]} as doubles. */
    void download(Tensor src, double[] dst, int dstOffset);

    /** Reads element {@code index} (row-major) of {@code t}. Costs a device round trip on a device backend. */
    double readScalar(Tensor t, int index);

    /** Sets every element of {@code t} to {@code value}. */
    void fill(Tensor t, double value);

    /** {@code dst = src}; same shape. */
    void copy(Tensor src, Tensor dst);

    /** {@code dst[i, :] = src[rowIndex[from + i], :]} for {@code i < dst.rows()}. */
    void gatherRows(Tensor src, int[] rowIndex, int from, Tensor dst);

    /**
     * As {@link #gatherRows(Tensor, int[], int, Tensor)} with the row indices on the device: {@code rowIndex} is
     * {@code [1, ≥ from + dst.rows()]} of integer values (exact in float32 below 2^24 rows), so a data set held on
     * the device can be batched without any host-to-device copy per step. The default reads the indices back to
     * the host; device backends override it with a kernel.
     */
    default void gatherRows(Tensor src, Tensor rowIndex, int from, Tensor dst) {
        MemoryChecks.gatherRange(rowIndex, from, dst);
        int rows = dst.rows();
        double[] values = new double[rows];
        try (Tensor slice = view(rowIndex, from, 1, rows)) {
            download(slice, values, 0);
        }
        int[] index = new int[rows];
        for (int i = 0; i < rows; i++) {
            index[i] = (int) values[i];
            if (index[i] != values[i]) {
                throw new IllegalArgumentException("gatherRows: row index " + values[i] + " at position " + (from + i) + " is not an integer");
            }
        }
        gatherRows(src, index, 0, dst);
    }

    // ---------------------------------------------------------------- BLAS-like

    /**
     * {@code C = α·op(A)·op(B) + β·C} on row-major matrices, where {@code op(X)} is {@code X} or
     * {@code Xᵀ}. With β = 0, C is overwritten (NaN in C does not propagate).
     */
    void gemm(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c);

    /** {@code m[i, :] += row[0, :]} for every row i (bias add). {@code row} is {@code [1, m.cols()]}. */
    void addRowVector(Tensor m, Tensor row);

    /** {@code out = β·out + Σ_i m[i, :]} (bias gradient). {@code out} is {@code [1, m.cols()]}. */
    void columnSums(Tensor m, double beta, Tensor out);

    /** {@code y = α·x + y}; same size (shapes may differ). */
    void axpy(double alpha, Tensor x, Tensor y);

    /** {@code x = α·x}. */
    void scale(Tensor x, double alpha);

    /** {@code out[0] = Σ x²} over all elements (for norms). {@code out} has at least one element. */
    void sumOfSquares(Tensor x, Tensor out);

    /** {@code out[0] = Σ |x|} over all elements. */
    void sumOfAbs(Tensor x, Tensor out);

    /** {@code y += λ·sign(x)} element-wise (L1 gradient; sign(0) = 0). Same size. */
    void addSign(double lambda, Tensor x, Tensor y);

    /** {@code out[0] = number of elements of x that are NaN or infinite}. */
    void countNonFinite(Tensor x, Tensor out);

    // ---------------------------------------------------------------- activations

    /** {@code out = f(z)}; {@code alpha} is the activation's parameter where it has one. Same shapes. */
    void activationForward(ActivationKind kind, double alpha, Tensor z, Tensor out);

    /**
     * {@code gradZ = ∂L/∂z} from {@code gradOut = ∂L/∂f(z)}, given {@code z} and {@code out = f(z)}.
     * For softmax, row-wise {@code gradZ = out ⊙ (gradOut − Σ_j gradOut_j·out_j)}.
     */
    void activationBackward(ActivationKind kind, double alpha, Tensor z, Tensor out, Tensor gradOut, Tensor gradZ);

    // ---------------------------------------------------------------- losses and metrics

    /**
     * {@code lossSum[0] += Σ_samples ℓ(output[i, :], target[i, :])}, the per-sample loss of
     * {@link dev.myelin.loss.Loss}. {@code target} is {@code [batch, outputs]}, or {@code [batch, 1]}
     * of class indices for the sparse loss.
     */
    void lossForward(LossSpec loss, Tensor output, Tensor target, Tensor lossSum);

    /** {@code grad = scale · ∂ℓ/∂output} per sample (scale is 1/batch for a mean over the batch). */
    void lossBackward(LossSpec loss, Tensor output, Tensor target, double scale, Tensor grad);

    /**
     * {@code counter[0] += number of rows whose prediction is right}: arg-max of the row equals the
     * class index in {@code target} ({@code [batch, 1]}) or, for one-hot targets, the arg-max of the
     * target row; with one output column, {@code output > threshold} equals {@code target > 0.5}.
     */
    void countCorrect(Tensor output, Tensor target, double threshold, Tensor counter);

    /** {@code predicted[i, 0] = argmax_j output[i, j]} as a class index. */
    void argmaxRows(Tensor output, Tensor predicted);

    // ---------------------------------------------------------------- optimisers

    // Every optimiser step below works over flat buffers of equal size and reads an optional
    // 1-element gradScale tensor s (null means 1): the gradient used is s·g. When s is NaN or infinite
    // (set so by clipScale for a non-finite gradient norm) the step is skipped: parameters and state
    // are left untouched. Coupled L2 decay adds λ·w to the scaled gradient.

    /**
     * One fused SGD step: {@code g' = s·g + decay·w}, then the update of {@code form}.
     * {@code velocity} may be null for {@link MomentumForm#NONE}.
     */
    void sgdStep(MomentumForm form, double learningRate, double momentum, double weightDecay,
                 Tensor params, Tensor grads, Tensor velocity, Tensor gradScale);

    /** AdaGrad (PyTorch form): {@code g' = s·g + λ·w; G += g'²; w −= η·g'/(√G + ε)}. */
    void adagradStep(double learningRate, double epsilon, double weightDecay, Tensor params, Tensor grads, Tensor sumSquares, Tensor gradScale);

    /**
     * AdaDelta (Zeiler 2012, PyTorch form): {@code g' = s·g + λ·w; E[g²] = ρ·E[g²] + (1−ρ)·g'²;
     * Δ = √(E[Δ²] + ε) / √(E[g²] + ε) · g'; E[Δ²] = ρ·E[Δ²] + (1−ρ)·Δ²; w −= η·Δ}.
     */
    void adadeltaStep(double learningRate, double rho, double epsilon, double weightDecay, Tensor params, Tensor grads, Tensor squareAvg,
                      Tensor deltaAvg, Tensor gradScale);

    /**
     * RMSprop (PyTorch form): {@code g' = s·g + λ·w; v = α·v + (1−α)·g'²}; centered ({@code gradAvg} not null):
     * {@code a = α·a + (1−α)·g', d = √(v − a²) + ε}, else {@code d = √v + ε}; with momentum μ > 0
     * ({@code momentumBuffer} not null): {@code b = μ·b + g'/d; w −= η·b}, else {@code w −= η·g'/d}.
     */
    void rmspropStep(double learningRate, double alpha, double epsilon, double weightDecay, double momentum, Tensor params, Tensor grads,
                     Tensor squareAvg, Tensor gradAvg, Tensor momentumBuffer, Tensor gradScale);

    /**
     * The Adam family in one kernel: {@code g' = s·g} (plus {@code λ·w} unless {@code decoupledDecay});
     * with {@code decoupledDecay} first {@code w ← w·(1 − η·λ)} (AdamW); then {@code m = β1·m + (1−β1)·g';
     * v = β2·v + (1−β2)·g'²; d = √v / c2 + ε; w −= (cg·g' + cm·m) / d}. The host computes the per-step
     * scalars: Adam {@code cg = 0, cm = η/(1−β1^t), c2 = √(1−β2^t)}; NAdam {@code cg = η(1−μ_t)/(1−Πμ),
     * cm = η·μ_{t+1}/(1−Πμ·μ_{t+1})}.
     */
    void adamStep(boolean decoupledDecay, double learningRate, double weightDecay, double beta1, double beta2, double epsilon,
                  double gradCoefficient, double momentCoefficient, double sqrtBiasCorrection2, Tensor params, Tensor grads, Tensor m, Tensor v,
                  Tensor gradScale);

    // ---------------------------------------------------------------- clipping

    /** {@code x = min(max(x, lo), hi)} element-wise (clipping by value). */
    void clamp(Tensor x, double lo, double hi);

    /**
     * {@code scale[0] = min(1, maxNorm / (√sumSquares[0] + 1e-6))} (PyTorch's {@code clip_grad_norm_}), or NaN
     * when {@code sumSquares[0]} is not finite, so that the optimiser step reading it is skipped.
     */
    void clipScale(Tensor sumSquares, double maxNorm, Tensor scale);

    // ---------------------------------------------------------------- layers

    /** {@code out = a ⊙ b} element-wise; same sizes. */
    void multiply(Tensor a, Tensor b, Tensor out);

    /**
     * Inverted-dropout mask: {@code mask[e] = u ≥ p ? 1/(1−p) : 0} for every row-major element e, where u is
     * {@link dev.myelin.random.DropoutStream#uniform(long, long, int, long) DropoutStream.uniform(seed, step, layer, e)}.
     */
    void dropoutMask(long seed, long step, int layer, double p, Tensor mask);

    /**
     * Batch norm in training, per feature j over the batch: {@code μ_j}, biased {@code σ²_j} (two-pass),
     * {@code out = γ·(x − μ)/√(σ² + ε) + β}; running estimates {@code r ← (1−momentum)·r + momentum·stat}
     * with the unbiased variance {@code σ²·n/(n−1)} (PyTorch). Saves {@code μ} and {@code 1/√(σ² + ε)}
     * ({@code [1, features]}) for the backward pass. Needs at least 2 rows.
     */
    void batchNormForwardTraining(Tensor x, Tensor gamma, Tensor beta, double epsilon, double momentum, Tensor runningMean, Tensor runningVar,
                                  Tensor out, Tensor savedMean, Tensor savedInvStd);

    /** Batch norm at inference: {@code out = γ·(x − r_μ)/√(r_σ² + ε) + β}. */
    void batchNormForwardInference(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor runningMean, Tensor runningVar, Tensor out);

    /** Gradients of batch norm in training mode: {@code gradX}, and {@code gradGamma}, {@code gradBeta} (overwritten). */
    void batchNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX, Tensor gradGamma,
                           Tensor gradBeta);

    /**
     * Layer norm, per row over its features: {@code out = γ·(x − μ)/√(σ² + ε) + β}, biased σ²;
     * saves {@code μ} and {@code 1/√(σ² + ε)} as {@code [rows, 1]}.
     */
    void layerNormForward(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor out, Tensor savedMean, Tensor savedInvStd);

    /** Gradients of layer norm: {@code gradX}, and {@code gradGamma}, {@code gradBeta} (overwritten). */
    void layerNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX, Tensor gradGamma,
                           Tensor gradBeta);

    /** PReLU with one learned α per feature ({@code alpha [1, features]}): {@code out = max(0, z) + α_j·min(0, z)}. */
    void preluForward(Tensor z, Tensor alpha, Tensor out);

    /** PReLU gradients: {@code gradZ}, and {@code gradAlpha[j] = Σ_i gradOut[i, j]·min(0, z[i, j])} (overwritten). */
    void preluBackward(Tensor z, Tensor alpha, Tensor gradOut, Tensor gradZ, Tensor gradAlpha);

    /**
     * Maxout over groups of k consecutive columns: {@code out[i, u] = max_{0≤r<k} z[i, u·k + r]} for
     * {@code z [n, units·k]}, {@code out [n, units]}; {@code argmax [n, units]} records r (first maximum).
     */
    void maxoutForward(Tensor z, int k, Tensor out, Tensor argmax);

    /** Maxout gradient: {@code gradZ[i, u·k + r] = gradOut[i, u]} where r is the recorded arg-max, else 0. */
    void maxoutBackward(Tensor gradOut, Tensor argmax, int k, Tensor gradZ);

    /** Frees everything this backend holds; tensors of it must not be used afterwards. */
    @Override
    void close();
}
