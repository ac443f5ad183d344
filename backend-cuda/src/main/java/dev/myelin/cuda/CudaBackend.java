package dev.myelin.cuda;

import static jcuda.driver.JCudaDriver.cuMemsetD32Async;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.AdaDeltaSpec;
import dev.myelin.backend.AdaGradSpec;
import dev.myelin.backend.AdamSpec;
import dev.myelin.backend.Backend;
import dev.myelin.backend.BatchNormSettings;
import dev.myelin.backend.DType;
import dev.myelin.backend.LossSpec;
import dev.myelin.backend.RmsPropSpec;
import dev.myelin.backend.SgdSpec;
import dev.myelin.backend.Tensor;
import dev.myelin.backend.spi.ActivationChecks;
import dev.myelin.backend.spi.BlasChecks;
import dev.myelin.backend.spi.LayerChecks;
import dev.myelin.backend.spi.LossChecks;
import dev.myelin.backend.spi.MemoryChecks;
import dev.myelin.backend.spi.Operands;
import dev.myelin.backend.spi.OptimiserChecks;
import dev.myelin.backend.spi.StorageOwner;
import dev.myelin.backend.spi.Tensors;
import jcuda.driver.CUresult;

/**
 * {@link Backend} in float32 on an NVIDIA GPU through the JCuda driver API and JCublas2.
 *
 * <p>A façade: each method checks its arguments, then hands the work to the part that does it. The
 * {@link CudaContext} owns the device, the context, one stream, the cuBLAS handle and the kernels module's
 * code (packaged CUBIN, PTX, or NVRTC → CUBIN when the driver refuses the PTX version, see
 * {@link #kernelPath()}); its {@link KernelLauncher} launches every kernel with the {@link LaunchGeometry}
 * of its family. Device memory comes from a {@link MemoryPool}; tensors are pooled device buffers and views
 * are pointer offsets. The operation groups ({@code Transfers}, {@code BlasReductions}, {@code Activations},
 * {@code Losses}, {@code Normalisation}, {@code OptimizerSteps}, {@code LayerOps}, {@code TrainingBookkeeping}) hold the launches. GEMM is
 * cuBLAS SGEMM on the column-major transpose ({@code Cᵀ = op(B)ᵀ·op(A)ᵀ}); every other operation is one
 * kernel launch (layer norm backward: two), the fused bias-and-activation operations of a dense layer included.
 * Results that are scalars stay on the device until {@link #readScalar} or {@link #download}.
 *
 * <p>Indices and counts are {@link DType#INT32} tensors ({@link #allocateInt32}): pooled device buffers of 4-byte
 * ints, counted in {@link #liveBytes()} like every tensor, moved without conversion by the {@code int[]}
 * {@link #upload(int[], int, Tensor)} and {@link #download(Tensor, int[], int)}; the kernels read and write them as
 * {@code int*}.
 *
 * <p>Bad values in device data are found by the kernels that read them: a sparse target that is no class index (the
 * loss kernels), a device row index that is no row (the gather), a maxout arg-max outside its group (maxout
 * backward). Each records the first bad place in a device status word; the next {@link #download} or
 * {@link #readScalar} (the synchronisations a training step makes anyway) throws the CPU backend's
 * {@link IllegalArgumentException} for it, so the calls themselves need no device-to-host copy. Every call makes the context current on the calling thread and the
 * methods are synchronised, so several Java threads may use one backend (one at a time).
 */
public final class CudaBackend implements Backend, StorageOwner {
    private final CudaOptions options;
    private final CudaContext context;
    private final MemoryPool pool = new MemoryPool();
    private final DeviceStatus status;
    private final Transfers transfers;
    private final BlasReductions blas;
    private final Activations activations;
    private final Losses losses;
    private final Normalisation normalisation;
    private final OptimizerSteps optimizers;
    private final LayerOps layers;
    private final TrainingBookkeeping bookkeeping;
    private boolean closed;
    /** The shared liveness check of this backend's operands. */
    private final Operands operands = new Operands(this, () -> closed, s -> ((DeviceBuffer) s).released);

    /** Opens device {@code options.device()}: context, stream, cuBLAS, kernels, the status word and the reduction workspace. */
    public CudaBackend(CudaOptions options) {
        this.options = options == null ? CudaOptions.defaults() : options;
        context = new CudaContext(this.options.device(), this.options.tf32());
        DeviceStatus opened = null;
        DeviceBuffer reduceWorkspace = null;
        try {
            opened = new DeviceStatus();
            reduceWorkspace = pool.allocate((long) LaunchGeometry.REDUCE_MAX_BLOCKS * Double.BYTES + 8);
            CudaContext.driver(cuMemsetD32Async(reduceWorkspace.pointer, 0, reduceWorkspace.capacity / 4, context.stream()),
                    "cuMemsetD32Async(workspace)");
        } catch (RuntimeException e) {
            pool.freeAll();
            if (opened != null) {
                opened.close();
            }
            context.close();
            throw e;
        }
        status = opened;
        KernelLauncher launcher = context.launcher();
        transfers = new Transfers(context, pool, status);
        blas = new BlasReductions(context, reduceWorkspace);
        activations = new Activations(launcher);
        losses = new Losses(launcher, status);
        normalisation = new Normalisation(launcher);
        optimizers = new OptimizerSteps(launcher);
        layers = new LayerOps(launcher, status);
        bookkeeping = new TrainingBookkeeping(launcher);
    }

    // ---------------------------------------------------------------- identity and accounting

    @Override
    public String name() {
        return "cuda-f32";
    }

    @Override
    public DType dtype() {
        return DType.FLOAT32;
    }

    @Override
    public String description() {
        return "CUDA " + context.device().name() + " (" + context.device().architecture() + ", " + (context.device().totalMemory() >> 20) + " MiB), float32, kernels: "
                + context.kernelPath() + ", cuBLAS TF32 " + (options.tf32() ? "on" : "off");
    }

    /** {@inheritDoc} From {@code cuMemGetInfo} (memory this backend's pool holds but does not use is not counted). */
    @Override
    public synchronized long freeMemoryBytes() {
        enter("freeMemoryBytes");
        long[] free = new long[1];
        long[] total = new long[1];
        CudaContext.driver(jcuda.driver.JCudaDriver.cuMemGetInfo(free, total), "cuMemGetInfo");
        return free[0];
    }

    /** How the kernels were loaded: {@code CUBIN sm_XY (packaged)}, {@code PTX ISA 7.8 (…)} or {@code NVRTC → sm_XY CUBIN (…)}. */
    public String kernelPath() {
        return context.kernelPath();
    }

    /** The CUDA version the driver supports, e.g. {@code 12.6}. */
    public String driverVersion() {
        return context.device().driverRelease();
    }

    /** Whether the NVRTC fallback compiled the kernels. */
    public boolean usesNvrtc() {
        return context.kernelPath().startsWith("NVRTC");
    }

    /** Device bytes held by tensors not yet closed and by the backend's own workspaces (size classes). */
    public synchronized long liveBytes() {
        return pool.liveBytes();
    }

    /** cuMemAlloc calls made so far (the pool reuses freed buffers). */
    public synchronized long deviceAllocations() {
        return pool.deviceAllocations();
    }

    @Override
    public String toString() {
        return description();
    }

    // ---------------------------------------------------------------- plumbing

    /** Checks the backend is open and makes its context current on this thread. */
    private void enter(String op) {
        if (closed) {
            throw new IllegalStateException(op + ": backend " + name() + " is closed");
        }
        context.makeCurrent(op);
    }

    // ---------------------------------------------------------------- memory

    @Override
    public synchronized Tensor allocate(int rows, int cols) {
        return Tensors.owner(this, zeroedBuffer("allocate", rows, cols), rows, cols);
    }

    /** {@inheritDoc} A pooled buffer of 4-byte ints, zeroed on the stream. */
    @Override
    public synchronized Tensor allocateInt32(int rows, int cols) {
        return Tensors.indexOwner(this, zeroedBuffer("allocateInt32", rows, cols), rows, cols);
    }

    /** A pooled buffer for {@code rows·cols} 4-byte elements (floats or ints: zero bits are 0 in both), zeroed. */
    private DeviceBuffer zeroedBuffer(String op, int rows, int cols) {
        enter(op);
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(op + ": shape [" + rows + ", " + cols + "] is negative");
        }
        long elements = (long) rows * cols;
        if (elements > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": shape [" + rows + ", " + cols + "] has more than 2^31 − 1 elements");
        }
        long bytes = Math.max(elements, 1) * Float.BYTES;
        DeviceBuffer buffer = pool.allocate(bytes);
        int r = cuMemsetD32Async(buffer.pointer, 0, bytes / Float.BYTES, context.stream());
        if (r != CUresult.CUDA_SUCCESS) {
            pool.release(buffer);
            CudaContext.driver(r, "cuMemsetD32Async(" + op + " [" + rows + ", " + cols + "])");
        }
        return buffer;
    }

    @Override
    public synchronized Tensor view(Tensor base, long offset, int rows, int cols) {
        MemoryChecks.view(operands, base, offset, rows, cols);
        return Tensors.view(base, offset, rows, cols);
    }

    @Override
    public synchronized void release(Tensor tensor) {
        if (closed || tensor == null || tensor.backend() != this || !tensor.isOwner() || tensor.isClosed()) {
            return;
        }
        pool.release((DeviceBuffer) Tensors.storage(tensor));
    }

    @Override
    public synchronized void upload(double[] src, int srcOffset, Tensor dst) {
        enter("upload");
        MemoryChecks.upload(operands, src, srcOffset, dst);
        transfers.upload(src, srcOffset, dst);
    }

    @Override
    public synchronized void upload(int[] src, int srcOffset, Tensor dst) {
        enter("upload");
        MemoryChecks.upload(operands, src, srcOffset, dst);
        transfers.upload(src, srcOffset, dst);
    }

    @Override
    public synchronized void download(Tensor src, int[] dst, int dstOffset) {
        enter("download");
        MemoryChecks.download(operands, src, dst, dstOffset);
        transfers.download(src, dst, dstOffset);
    }

    @Override
    public synchronized void download(Tensor src, double[] dst, int dstOffset) {
        enter("download");
        MemoryChecks.download(operands, src, dst, dstOffset);
        transfers.download(src, dst, dstOffset);
    }

    @Override
    public synchronized double readScalar(Tensor t, int index) {
        enter("readScalar");
        MemoryChecks.readScalar(operands, t, index);
        return transfers.readScalar(t, index);
    }

    @Override
    public synchronized void fill(Tensor t, double value) {
        enter("fill");
        MemoryChecks.fill(operands, t, value);
        transfers.fill(t, value);
    }

    @Override
    public synchronized void copy(Tensor src, Tensor dst) {
        enter("copy");
        MemoryChecks.copy(operands, src, dst);
        transfers.copy(src, dst);
    }

    @Override
    public synchronized void gatherRows(Tensor src, int[] rowIndex, int from, Tensor dst) {
        enter("gatherRows");
        MemoryChecks.gatherRows(operands, src, rowIndex, from, dst);
        transfers.gatherRows(src, rowIndex, from, dst);
    }

    /**
     * {@inheritDoc} One kernel launch reading the indices on the device; no host copy. An index that is no row of
     * {@code src} writes NaN into its row of {@code dst} and is thrown as {@link IllegalArgumentException} by the next
     * {@link #download} or {@link #readScalar}.
     */
    @Override
    public synchronized void gatherRows(Tensor src, Tensor rowIndex, int from, Tensor dst) {
        enter("gatherRows");
        MemoryChecks.gatherRows(operands, src, rowIndex, from, dst);
        transfers.gatherRows(src, rowIndex, from, dst);
    }

    // ---------------------------------------------------------------- BLAS-like

    /** {@inheritDoc} cuBLAS SGEMM; C must not share elements with A or B. TF32 only with {@link CudaOptions#tf32()}. */
    @Override
    public synchronized void gemm(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c) {
        enter("gemm");
        BlasChecks.gemm(operands, transA, transB, a, b, c);
        blas.gemm(transA, transB, alpha, a, b, beta, c);
    }

    @Override
    public synchronized void addRowVector(Tensor m, Tensor row) {
        enter("addRowVector");
        BlasChecks.addRowVector(operands, m, row);
        blas.addRowVector(m, row);
    }

    @Override
    public synchronized void columnSums(Tensor m, double beta, Tensor out) {
        enter("columnSums");
        BlasChecks.columnSums(operands, m, out);
        blas.columnSums(m, beta, out);
    }

    @Override
    public synchronized void axpy(double alpha, Tensor x, Tensor y) {
        enter("axpy");
        BlasChecks.axpy(operands, x, y);
        blas.axpy(alpha, x, y);
    }

    @Override
    public synchronized void scale(Tensor x, double alpha) {
        enter("scale");
        BlasChecks.scale(operands, x);
        blas.scale(x, alpha);
    }

    private void reduce(String op, String entry, Tensor x, Tensor out) {
        enter(op);
        BlasChecks.reduction(operands, op, x, out);
        blas.reduce(entry, x, out);
    }

    /** {@inheritDoc} Accumulates in double in an order fixed by the launch geometry. */
    @Override
    public synchronized void sumOfSquares(Tensor x, Tensor out) {
        reduce("sumOfSquares", "myelin_sum_squares", x, out);
    }

    /** {@inheritDoc} Accumulates in double in an order fixed by the launch geometry. */
    @Override
    public synchronized void sumOfAbs(Tensor x, Tensor out) {
        reduce("sumOfAbs", "myelin_sum_abs", x, out);
    }

    @Override
    public synchronized void addSign(double lambda, Tensor x, Tensor y) {
        enter("addSign");
        BlasChecks.addSign(operands, x, y);
        blas.addSign(lambda, x, y);
    }

    @Override
    public synchronized void countNonFinite(Tensor x, Tensor out) {
        reduce("countNonFinite", "myelin_count_non_finite", x, out);
    }

    // ---------------------------------------------------------------- activations

    @Override
    public synchronized void activationForward(ActivationKind kind, double alpha, Tensor z, Tensor out) {
        String op = "activationForward";
        enter(op);
        ActivationChecks.forward(operands, kind, z, out);
        activations.forward(kind, alpha, z, out);
    }

    @Override
    public synchronized void activationBackward(ActivationKind kind, double alpha, Tensor z, Tensor out, Tensor gradOut, Tensor gradZ) {
        String op = "activationBackward";
        enter(op);
        ActivationChecks.backward(operands, kind, z, out, gradOut, gradZ);
        activations.backward(kind, alpha, z, out, gradOut, gradZ);
    }

    /** {@inheritDoc} One element-wise launch (softmax: the two calls). */
    @Override
    public synchronized void addRowVectorActivation(ActivationKind kind, double alpha, Tensor z, Tensor bias, Tensor out) {
        if (kind == ActivationKind.SOFTMAX) {
            Backend.super.addRowVectorActivation(kind, alpha, z, bias, out);
            return;
        }
        enter("addRowVectorActivation");
        ActivationChecks.forward(operands, kind, z, out);
        BlasChecks.addRowVector(operands, z, bias);
        activations.addRowVectorForward(kind, alpha, z, bias, out);
    }

    /** {@inheritDoc} One column launch (softmax: the two calls). */
    @Override
    public synchronized void activationBackwardColumnSums(ActivationKind kind, double alpha, Tensor z, Tensor out, Tensor gradOut,
                                                          Tensor gradZ, Tensor biasGradient) {
        if (kind == ActivationKind.SOFTMAX) {
            Backend.super.activationBackwardColumnSums(kind, alpha, z, out, gradOut, gradZ, biasGradient);
            return;
        }
        enter("activationBackwardColumnSums");
        ActivationChecks.backward(operands, kind, z, out, gradOut, gradZ);
        BlasChecks.columnSums(operands, gradZ, biasGradient);
        activations.backwardColumnSums(kind, alpha, z, gradOut, gradZ, biasGradient);
    }

    // ---------------------------------------------------------------- losses and metrics

    @Override
    public synchronized void lossForward(LossSpec loss, Tensor output, Tensor target, Tensor lossSum) {
        String op = "lossForward";
        enter(op);
        LossChecks.lossForward(operands, loss, output, target, lossSum);
        losses.forward(loss, output, target, lossSum);
    }

    @Override
    public synchronized void lossBackward(LossSpec loss, Tensor output, Tensor target, double scale, Tensor grad) {
        String op = "lossBackward";
        enter(op);
        LossChecks.lossBackward(operands, loss, output, target, grad);
        losses.backward(loss, output, target, scale, grad);
    }

    @Override
    public synchronized void countCorrect(Tensor output, Tensor target, double threshold, Tensor counter) {
        String op = "countCorrect";
        enter(op);
        LossChecks.countCorrect(operands, output, target, counter);
        losses.countCorrect(output, target, threshold, counter);
    }

    @Override
    public synchronized void argmaxRows(Tensor output, Tensor predicted) {
        String op = "argmaxRows";
        enter(op);
        LossChecks.argmaxRows(operands, output, predicted);
        losses.argmaxRows(output, predicted);
    }

    // ---------------------------------------------------------------- training bookkeeping (checked where it runs)

    @Override
    public synchronized void copyIfNonFinite(Tensor flag, Tensor src, Tensor dst) {
        enter("copyIfNonFinite");
        bookkeeping.copyIfNonFinite(operands, flag, src, dst);
    }

    @Override
    public synchronized void confusionCounts(Tensor output, Tensor labels, double threshold, Tensor counts) {
        enter("confusionCounts");
        bookkeeping.confusionCounts(operands, output, labels, threshold, counts);
    }

    // ---------------------------------------------------------------- optimisers

    @Override
    public synchronized void sgdStep(SgdSpec spec, double learningRate, Tensor params, Tensor grads, Tensor velocity, Tensor gradScale) {
        enter("sgdStep");
        OptimiserChecks.sgdStep(operands, spec, params, grads, velocity, gradScale);
        optimizers.sgd(spec, learningRate, params, grads, velocity, gradScale);
    }

    @Override
    public synchronized void adagradStep(AdaGradSpec spec, double learningRate, Tensor params, Tensor grads, Tensor sumSquares, Tensor gradScale) {
        enter("adagradStep");
        OptimiserChecks.adagradStep(operands, spec, params, grads, sumSquares, gradScale);
        optimizers.adagrad(spec, learningRate, params, grads, sumSquares, gradScale);
    }

    @Override
    public synchronized void adadeltaStep(AdaDeltaSpec spec, double learningRate, Tensor params, Tensor grads, Tensor squareAvg, Tensor deltaAvg,
                                          Tensor gradScale) {
        enter("adadeltaStep");
        OptimiserChecks.adadeltaStep(operands, spec, params, grads, squareAvg, deltaAvg, gradScale);
        optimizers.adadelta(spec, learningRate, params, grads, squareAvg, deltaAvg, gradScale);
    }

    @Override
    public synchronized void rmspropStep(RmsPropSpec spec, double learningRate, Tensor params, Tensor grads, Tensor squareAvg, Tensor gradAvg,
                                         Tensor momentumBuffer, Tensor gradScale) {
        enter("rmspropStep");
        OptimiserChecks.rmspropStep(operands, spec, params, grads, squareAvg, gradAvg, momentumBuffer, gradScale);
        optimizers.rmsprop(spec, learningRate, params, grads, squareAvg, gradAvg, momentumBuffer, gradScale);
    }

    @Override
    public synchronized void adamStep(AdamSpec spec, double learningRate, double gradCoefficient, double momentCoefficient,
                                      double sqrtBiasCorrection2, Tensor params, Tensor grads, Tensor m, Tensor v, Tensor gradScale) {
        enter("adamStep");
        OptimiserChecks.adamStep(operands, spec, params, grads, m, v, gradScale);
        optimizers.adam(spec, learningRate, gradCoefficient, momentCoefficient, sqrtBiasCorrection2, params, grads, m, v, gradScale);
    }

    // ---------------------------------------------------------------- clipping

    @Override
    public synchronized void clamp(Tensor x, double lo, double hi) {
        enter("clamp");
        OptimiserChecks.clamp(operands, x, lo, hi);
        layers.clamp(x, lo, hi);
    }

    @Override
    public synchronized void clipScale(Tensor sumSquares, double maxNorm, Tensor scale) {
        enter("clipScale");
        OptimiserChecks.clipScale(operands, sumSquares, maxNorm, scale);
        optimizers.clipScale(sumSquares, maxNorm, scale);
    }

    // ---------------------------------------------------------------- layers

    @Override
    public synchronized void multiply(Tensor a, Tensor b, Tensor out) {
        enter("multiply");
        LayerChecks.multiply(operands, a, b, out);
        layers.multiply(a, b, out);
    }

    @Override
    public synchronized void dropoutMask(long seed, long step, int layer, double p, Tensor mask) {
        enter("dropoutMask");
        LayerChecks.dropoutMask(operands, p, mask);
        layers.dropoutMask(seed, step, layer, p, mask);
    }

    @Override
    public synchronized void batchNormForwardTraining(BatchNormSettings spec, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean,
                                                      Tensor runningVar, Tensor out, Tensor savedMean, Tensor savedInvStd) {
        String op = "batchNormForwardTraining";
        enter(op);
        LayerChecks.batchNormForwardTraining(operands, spec, x, gamma, beta, runningMean, runningVar, out, savedMean, savedInvStd);
        normalisation.batchNormForwardTraining(spec, x, gamma, beta, runningMean, runningVar, out, savedMean, savedInvStd);
    }

    @Override
    public synchronized void batchNormForwardInference(BatchNormSettings spec, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                                       Tensor out) {
        String op = "batchNormForwardInference";
        enter(op);
        LayerChecks.batchNormForwardInference(operands, spec, x, gamma, beta, runningMean, runningVar, out);
        normalisation.batchNormForwardInference(spec, x, gamma, beta, runningMean, runningVar, out);
    }

    @Override
    public synchronized void batchNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX,
                                               Tensor gradGamma, Tensor gradBeta) {
        String op = "batchNormBackward";
        enter(op);
        LayerChecks.batchNormBackward(operands, x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
        normalisation.batchNormBackward(x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
    }

    @Override
    public synchronized void layerNormForward(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor out, Tensor savedMean,
                                              Tensor savedInvStd) {
        String op = "layerNormForward";
        enter(op);
        LayerChecks.layerNormForward(operands, x, gamma, beta, epsilon, out, savedMean, savedInvStd);
        normalisation.layerNormForward(x, gamma, beta, epsilon, out, savedMean, savedInvStd);
    }

    /** {@inheritDoc} Two launches: gradX one warp per row, then gradGamma/gradBeta by columns. */
    @Override
    public synchronized void layerNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX,
                                               Tensor gradGamma, Tensor gradBeta) {
        String op = "layerNormBackward";
        enter(op);
        LayerChecks.layerNormBackward(operands, x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
        normalisation.layerNormBackward(x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
    }

    @Override
    public synchronized void preluForward(Tensor z, Tensor alpha, Tensor out) {
        String op = "preluForward";
        enter(op);
        LayerChecks.preluForward(operands, z, alpha, out);
        layers.preluForward(z, alpha, out);
    }

    @Override
    public synchronized void preluBackward(Tensor z, Tensor alpha, Tensor gradOut, Tensor gradZ, Tensor gradAlpha) {
        String op = "preluBackward";
        enter(op);
        LayerChecks.preluBackward(operands, z, alpha, gradOut, gradZ, gradAlpha);
        layers.preluBackward(z, alpha, gradOut, gradZ, gradAlpha);
    }

    @Override
    public synchronized void maxoutForward(Tensor z, int k, Tensor out, Tensor argmax) {
        String op = "maxoutForward";
        enter(op);
        LayerChecks.maxoutForward(operands, z, k, out, argmax);
        layers.maxoutForward(z, k, out, argmax);
    }

    /**
     * {@inheritDoc} An arg-max outside {@code [0, k)} routes no gradient and is thrown as
     * {@link IllegalArgumentException} by the next {@link #download} or {@link #readScalar}.
     */
    @Override
    public synchronized void maxoutBackward(Tensor gradOut, Tensor argmax, int k, Tensor gradZ) {
        String op = "maxoutBackward";
        enter(op);
        LayerChecks.maxoutBackward(operands, gradOut, argmax, k, gradZ);
        layers.maxoutBackward(gradOut, argmax, k, gradZ);
    }

    // ---------------------------------------------------------------- lifecycle

    /** Frees every device buffer (live bytes go to 0), the kernels, cuBLAS, the stream and the context. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        context.quiesce();
        pool.freeAll();
        transfers.forgetBuffers();
        status.close();
        context.close();
    }
}
