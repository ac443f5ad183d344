package dev.myelin.cuda;

import static dev.myelin.backend.BackendChecks.atLeastOne;
import static dev.myelin.backend.BackendChecks.sameShape;
import static dev.myelin.backend.BackendChecks.sameSize;
import static dev.myelin.backend.BackendChecks.shapeError;
import static dev.myelin.backend.BackendChecks.vectorOf;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendChecks;
import dev.myelin.backend.DType;
import dev.myelin.backend.LossSpec;
import dev.myelin.backend.MomentumForm;
import dev.myelin.backend.Tensor;
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
 * {@code Losses}, {@code Normalisation}, {@code OptimizerSteps}, {@code LayerOps}) hold the launches. GEMM is
 * cuBLAS SGEMM on the column-major transpose ({@code Cᵀ = op(B)ᵀ·op(A)ᵀ}); every other operation is one
 * kernel launch (layer norm backward: two). Results that are scalars stay on the device until
 * {@link #readScalar} or {@link #download}.
 *
 * <p>A sparse target that is no class index is found by the loss kernels, which record the first bad row in
 * a device status word; the next {@link #download} or {@link #readScalar} (the synchronisations a training
 * step makes anyway) throws the CPU backend's {@link IllegalArgumentException} for it, so the loss calls
 * themselves need no device-to-host copy. Every call makes the context current on the calling thread and the
 * methods are synchronised, so several Java threads may use one backend (one at a time).
 */
public final class CudaBackend implements Backend {
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
    private boolean closed;

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
        layers = new LayerOps(launcher);
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
        return "CUDA " + context.deviceName() + " (" + context.architecture() + ", " + (context.totalMemory() >> 20) + " MiB), float32, kernels: "
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
        return context.driverVersion();
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

    private void check(Tensor t, String op, String role) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": " + role + " is null");
        }
        if (t.backend() != this) {
            throw new IllegalArgumentException(op + ": " + role + " " + t + " belongs to another backend ("
                    + t.backend().description() + "), not to this " + name() + " backend");
        }
        if (t.isClosed()) {
            throw new IllegalStateException(op + ": " + role + " " + t.shape() + " was used after close()");
        }
        if (((DeviceBuffer) t.storage()).released) {
            throw new IllegalStateException(op + ": " + role + " " + t.shape() + " is a view of a tensor that was closed");
        }
    }

    // ---------------------------------------------------------------- memory

    @Override
    public synchronized Tensor allocate(int rows, int cols) {
        enter("allocate");
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("allocate: shape [" + rows + ", " + cols + "] is negative");
        }
        long bytes = (long) rows * cols * Float.BYTES;
        if (bytes / Float.BYTES > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("allocate: shape [" + rows + ", " + cols + "] has more than 2^31 − 1 elements");
        }
        DeviceBuffer buffer = pool.allocate(Math.max(bytes, Float.BYTES));
        int r = cuMemsetD32Async(buffer.pointer, 0, Math.max(bytes, Float.BYTES) / Float.BYTES, context.stream());
        if (r != CUresult.CUDA_SUCCESS) {
            pool.release(buffer);
            CudaContext.driver(r, "cuMemsetD32Async(allocate [" + rows + ", " + cols + "])");
        }
        return new Tensor(this, buffer, 0, rows, cols, true);
    }

    @Override
    public synchronized Tensor view(Tensor base, long offset, int rows, int cols) {
        check(base, "view", "base");
        long size = (long) rows * cols;
        if (rows < 0 || cols < 0 || offset < 0 || offset + size > base.size()) {
            throw new IllegalArgumentException("view: [" + rows + ", " + cols + "] at offset " + offset
                    + " does not fit in base " + base.shape() + " (" + base.size() + " elements)");
        }
        return new Tensor(this, base.storage(), base.offset() + offset, rows, cols, false);
    }

    @Override
    public synchronized void release(Tensor tensor) {
        if (closed || tensor == null || tensor.backend() != this || !tensor.isOwner() || tensor.isClosed()) {
            return;
        }
        pool.release((DeviceBuffer) tensor.storage());
    }

    @Override
    public synchronized void upload(double[] src, int srcOffset, Tensor dst) {
        enter("upload");
        check(dst, "upload", "dst");
        int n = dst.size();
        if (src == null || srcOffset < 0 || (long) srcOffset + n > src.length) {
            throw new IllegalArgumentException("upload: need " + n + " values from offset " + srcOffset
                    + " for " + dst.shape() + ", source has " + (src == null ? "none" : src.length));
        }
        transfers.upload(src, srcOffset, dst);
    }

    @Override
    public synchronized void download(Tensor src, double[] dst, int dstOffset) {
        enter("download");
        check(src, "download", "src");
        int n = src.size();
        if (dst == null || dstOffset < 0 || (long) dstOffset + n > dst.length) {
            throw new IllegalArgumentException("download: need room for " + n + " values at offset " + dstOffset
                    + " for " + src.shape() + ", destination has " + (dst == null ? "none" : dst.length));
        }
        transfers.download(src, dst, dstOffset);
    }

    @Override
    public synchronized double readScalar(Tensor t, int index) {
        enter("readScalar");
        check(t, "readScalar", "t");
        if (index < 0 || index >= t.size()) {
            throw new IllegalArgumentException("readScalar: index " + index + " outside " + t.shape());
        }
        return transfers.readScalar(t, index);
    }

    @Override
    public synchronized void fill(Tensor t, double value) {
        enter("fill");
        check(t, "fill", "t");
        transfers.fill(t, value);
    }

    @Override
    public synchronized void copy(Tensor src, Tensor dst) {
        enter("copy");
        check(src, "copy", "src");
        check(dst, "copy", "dst");
        sameShape("copy", src, dst);
        transfers.copy(src, dst);
    }

    @Override
    public synchronized void gatherRows(Tensor src, int[] rowIndex, int from, Tensor dst) {
        enter("gatherRows");
        check(src, "gatherRows", "src");
        check(dst, "gatherRows", "dst");
        BackendChecks.gatherRows(src, rowIndex, from, dst);
        transfers.gatherRows(src, rowIndex, from, dst);
    }

    /** {@inheritDoc} One kernel launch reading the indices on the device; no host copy. */
    @Override
    public synchronized void gatherRows(Tensor src, Tensor rowIndex, int from, Tensor dst) {
        enter("gatherRows");
        check(src, "gatherRows", "src");
        check(rowIndex, "gatherRows", "rowIndex");
        check(dst, "gatherRows", "dst");
        if (src.cols() != dst.cols()) {
            throw shapeError("gatherRows", "src and dst need the same number of columns", src, dst);
        }
        BackendChecks.gatherRange(rowIndex, from, dst);
        transfers.gatherRows(src, rowIndex, from, dst);
    }

    // ---------------------------------------------------------------- BLAS-like

    /** {@inheritDoc} cuBLAS SGEMM; C must not share elements with A or B. TF32 only with {@link CudaOptions#tf32()}. */
    @Override
    public synchronized void gemm(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c) {
        enter("gemm");
        check(a, "gemm", "A");
        check(b, "gemm", "B");
        check(c, "gemm", "C");
        BackendChecks.gemm(transA, transB, a, b, c);
        blas.gemm(transA, transB, alpha, a, b, beta, c);
    }

    @Override
    public synchronized void addRowVector(Tensor m, Tensor row) {
        enter("addRowVector");
        check(m, "addRowVector", "m");
        check(row, "addRowVector", "row");
        if (row.rows() != 1 || row.cols() != m.cols()) {
            throw shapeError("addRowVector", "row must be [1, m.cols()]", m, row);
        }
        blas.addRowVector(m, row);
    }

    @Override
    public synchronized void columnSums(Tensor m, double beta, Tensor out) {
        enter("columnSums");
        check(m, "columnSums", "m");
        check(out, "columnSums", "out");
        if (out.rows() != 1 || out.cols() != m.cols()) {
            throw shapeError("columnSums", "out must be [1, m.cols()]", m, out);
        }
        blas.columnSums(m, beta, out);
    }

    @Override
    public synchronized void axpy(double alpha, Tensor x, Tensor y) {
        enter("axpy");
        check(x, "axpy", "x");
        check(y, "axpy", "y");
        sameSize("axpy", x, y);
        blas.axpy(alpha, x, y);
    }

    @Override
    public synchronized void scale(Tensor x, double alpha) {
        enter("scale");
        check(x, "scale", "x");
        blas.scale(x, alpha);
    }

    private void reduce(String op, String entry, Tensor x, Tensor out) {
        enter(op);
        check(x, op, "x");
        check(out, op, "out");
        atLeastOne(op, "out", out);
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
        check(x, "addSign", "x");
        check(y, "addSign", "y");
        sameSize("addSign", x, y);
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
        check(z, op, "z");
        check(out, op, "out");
        if (kind == null) {
            throw new IllegalArgumentException(op + ": kind is null");
        }
        if (z.rows() != out.rows() || z.cols() != out.cols()) {
            throw shapeError(op + "(" + kind + ")", "shapes must be equal", z, out);
        }
        activations.forward(kind, alpha, z, out);
    }

    @Override
    public synchronized void activationBackward(ActivationKind kind, double alpha, Tensor z, Tensor out, Tensor gradOut, Tensor gradZ) {
        String op = "activationBackward";
        enter(op);
        check(z, op, "z");
        check(out, op, "out");
        check(gradOut, op, "gradOut");
        check(gradZ, op, "gradZ");
        if (kind == null) {
            throw new IllegalArgumentException(op + ": kind is null");
        }
        for (Tensor t : new Tensor[] {out, gradOut, gradZ}) {
            if (z.rows() != t.rows() || z.cols() != t.cols()) {
                throw shapeError(op + "(" + kind + ")", "shapes must be equal", z, t);
            }
        }
        activations.backward(kind, alpha, z, out, gradOut, gradZ);
    }

    // ---------------------------------------------------------------- losses and metrics

    /**
     * Shapes only: the class indices of a sparse target are checked on the device, where the loss kernels report
     * the first bad row in the {@link DeviceStatus}; the next {@link #download} or {@link #readScalar} throws
     * the CPU backend's message.
     */
    private static void checkLoss(String op, LossSpec loss, Tensor output, Tensor target) {
        BackendChecks.lossShapes(op, loss, output, target);
    }

    @Override
    public synchronized void lossForward(LossSpec loss, Tensor output, Tensor target, Tensor lossSum) {
        String op = "lossForward";
        enter(op);
        check(output, op, "output");
        check(target, op, "target");
        check(lossSum, op, "lossSum");
        checkLoss(op, loss, output, target);
        atLeastOne(op, "lossSum", lossSum);
        losses.forward(loss, output, target, lossSum);
    }

    @Override
    public synchronized void lossBackward(LossSpec loss, Tensor output, Tensor target, double scale, Tensor grad) {
        String op = "lossBackward";
        enter(op);
        check(output, op, "output");
        check(target, op, "target");
        check(grad, op, "grad");
        checkLoss(op, loss, output, target);
        if (output.rows() != grad.rows() || output.cols() != grad.cols()) {
            throw shapeError(op + "(" + loss.kind() + ")", "shapes must be equal", output, grad);
        }
        losses.backward(loss, output, target, scale, grad);
    }

    @Override
    public synchronized void countCorrect(Tensor output, Tensor target, double threshold, Tensor counter) {
        String op = "countCorrect";
        enter(op);
        check(output, op, "output");
        check(target, op, "target");
        check(counter, op, "counter");
        atLeastOne(op, "counter", counter);
        int k = output.cols();
        int tk = target.cols();
        if (target.rows() != output.rows() || !(tk == 1 || tk == k) || k == 0) {
            throw shapeError(op, "target must be [output.rows(), 1] (class index or binary label)"
                    + " or [output.rows(), output.cols()] (one-hot)", output, target);
        }
        losses.countCorrect(output, target, threshold, counter);
    }

    @Override
    public synchronized void argmaxRows(Tensor output, Tensor predicted) {
        String op = "argmaxRows";
        enter(op);
        check(output, op, "output");
        check(predicted, op, "predicted");
        if (predicted.rows() != output.rows() || predicted.cols() != 1 || output.cols() == 0) {
            throw shapeError(op, "predicted must be [output.rows(), 1] and output non-empty", output, predicted);
        }
        losses.argmaxRows(output, predicted);
    }

    // ---------------------------------------------------------------- optimisers

    private void checkState(String op, String role, Tensor params, Tensor buffer) {
        check(buffer, op, role);
        if (buffer.size() != params.size()) {
            throw new IllegalArgumentException(op + ": " + role + " must have as many elements as params, got params "
                    + params.shape() + " and " + role + " " + buffer.shape());
        }
    }

    private void checkScale(String op, Tensor gradScale) {
        if (gradScale != null) {
            check(gradScale, op, "gradScale");
            atLeastOne(op, "gradScale", gradScale);
        }
    }

    @Override
    public synchronized void sgdStep(MomentumForm form, double learningRate, double momentum, double weightDecay, Tensor params, Tensor grads,
                                     Tensor velocity, Tensor gradScale) {
        String op = "sgdStep";
        enter(op);
        if (form == null) {
            throw new IllegalArgumentException("sgdStep: form is null");
        }
        check(params, op, "params");
        check(grads, op, "grads");
        sameSize(op, params, grads);
        if (form != MomentumForm.NONE) {
            if (velocity == null) {
                throw new IllegalArgumentException("sgdStep: " + form + " momentum needs a velocity buffer");
            }
            check(velocity, op, "velocity");
            sameSize(op, params, velocity);
        }
        checkScale(op, gradScale);
        optimizers.sgd(form, learningRate, momentum, weightDecay, params, grads, velocity, gradScale);
    }

    @Override
    public synchronized void adagradStep(double learningRate, double epsilon, double weightDecay, Tensor params, Tensor grads, Tensor sumSquares,
                                         Tensor gradScale) {
        String op = "adagradStep";
        enter(op);
        check(params, op, "params");
        checkState(op, "grads", params, grads);
        checkState(op, "sumSquares", params, sumSquares);
        checkScale(op, gradScale);
        optimizers.adagrad(learningRate, epsilon, weightDecay, params, grads, sumSquares, gradScale);
    }

    @Override
    public synchronized void adadeltaStep(double learningRate, double rho, double epsilon, double weightDecay, Tensor params, Tensor grads,
                                          Tensor squareAvg, Tensor deltaAvg, Tensor gradScale) {
        String op = "adadeltaStep";
        enter(op);
        check(params, op, "params");
        checkState(op, "grads", params, grads);
        checkState(op, "squareAvg", params, squareAvg);
        checkState(op, "deltaAvg", params, deltaAvg);
        checkScale(op, gradScale);
        optimizers.adadelta(learningRate, rho, epsilon, weightDecay, params, grads, squareAvg, deltaAvg, gradScale);
    }

    @Override
    public synchronized void rmspropStep(double learningRate, double alpha, double epsilon, double weightDecay, double momentum, Tensor params,
                                         Tensor grads, Tensor squareAvg, Tensor gradAvg, Tensor momentumBuffer, Tensor gradScale) {
        String op = "rmspropStep";
        enter(op);
        check(params, op, "params");
        checkState(op, "grads", params, grads);
        checkState(op, "squareAvg", params, squareAvg);
        if (gradAvg != null) {
            checkState(op, "gradAvg", params, gradAvg);
        }
        if (momentumBuffer != null) {
            checkState(op, "momentumBuffer", params, momentumBuffer);
        } else if (momentum != 0) {
            throw new IllegalArgumentException(op + ": momentum " + momentum + " needs a momentumBuffer");
        }
        checkScale(op, gradScale);
        optimizers.rmsprop(learningRate, alpha, epsilon, weightDecay, momentum, params, grads, squareAvg, gradAvg, momentumBuffer, gradScale);
    }

    @Override
    public synchronized void adamStep(boolean decoupledDecay, double learningRate, double weightDecay, double beta1, double beta2, double epsilon,
                                      double gradCoefficient, double momentCoefficient, double sqrtBiasCorrection2, Tensor params, Tensor grads,
                                      Tensor m, Tensor v, Tensor gradScale) {
        String op = "adamStep";
        enter(op);
        check(params, op, "params");
        checkState(op, "grads", params, grads);
        checkState(op, "m", params, m);
        checkState(op, "v", params, v);
        checkScale(op, gradScale);
        optimizers.adam(decoupledDecay, learningRate, weightDecay, beta1, beta2, epsilon, gradCoefficient, momentCoefficient,
                sqrtBiasCorrection2, params, grads, m, v, gradScale);
    }

    // ---------------------------------------------------------------- clipping

    @Override
    public synchronized void clamp(Tensor x, double lo, double hi) {
        enter("clamp");
        check(x, "clamp", "x");
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: need lo <= hi, got lo = " + lo + " and hi = " + hi);
        }
        layers.clamp(x, lo, hi);
    }

    @Override
    public synchronized void clipScale(Tensor sumSquares, double maxNorm, Tensor scale) {
        enter("clipScale");
        check(sumSquares, "clipScale", "sumSquares");
        check(scale, "clipScale", "scale");
        atLeastOne("clipScale", "sumSquares", sumSquares);
        atLeastOne("clipScale", "scale", scale);
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clipScale: maxNorm must be > 0, got " + maxNorm);
        }
        optimizers.clipScale(sumSquares, maxNorm, scale);
    }

    // ---------------------------------------------------------------- layers

    @Override
    public synchronized void multiply(Tensor a, Tensor b, Tensor out) {
        enter("multiply");
        check(a, "multiply", "a");
        check(b, "multiply", "b");
        check(out, "multiply", "out");
        if (a.size() != b.size() || a.size() != out.size()) {
            throw new IllegalArgumentException("multiply: sizes must be equal, got a " + a.shape() + ", b " + b.shape() + " and out "
                    + out.shape());
        }
        layers.multiply(a, b, out);
    }

    @Override
    public synchronized void dropoutMask(long seed, long step, int layer, double p, Tensor mask) {
        enter("dropoutMask");
        check(mask, "dropoutMask", "mask");
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropoutMask: the drop probability p must be in [0, 1), got " + p);
        }
        layers.dropoutMask(seed, step, layer, p, mask);
    }

    private static void checkNorm(String op, Tensor x, Tensor out, double epsilon) {
        if (x.rows() != out.rows() || x.cols() != out.cols()) {
            throw new IllegalArgumentException(op + ": out must have the shape of x " + x.shape() + ", got " + out.shape());
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException(op + ": epsilon must be a finite number > 0, got " + epsilon);
        }
    }

    @Override
    public synchronized void batchNormForwardTraining(Tensor x, Tensor gamma, Tensor beta, double epsilon, double momentum, Tensor runningMean,
                                                      Tensor runningVar, Tensor out, Tensor savedMean, Tensor savedInvStd) {
        String op = "batchNormForwardTraining";
        enter(op);
        for (Tensor t : new Tensor[] {x, gamma, beta, runningMean, runningVar, out, savedMean, savedInvStd}) {
            check(t, op, "operand");
        }
        checkNorm(op, x, out, epsilon);
        int d = x.cols();
        vectorOf(op, "gamma", gamma, d);
        vectorOf(op, "beta", beta, d);
        vectorOf(op, "runningMean", runningMean, d);
        vectorOf(op, "runningVar", runningVar, d);
        vectorOf(op, "savedMean", savedMean, d);
        vectorOf(op, "savedInvStd", savedInvStd, d);
        if (x.rows() < 2) {
            throw new IllegalArgumentException(op + ": needs at least 2 rows to estimate a variance per feature, got x " + x.shape());
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(op + ": momentum must be in [0, 1], got " + momentum);
        }
        normalisation.batchNormForwardTraining(x, gamma, beta, epsilon, momentum, runningMean, runningVar, out, savedMean, savedInvStd);
    }

    @Override
    public synchronized void batchNormForwardInference(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor runningMean, Tensor runningVar,
                                                       Tensor out) {
        String op = "batchNormForwardInference";
        enter(op);
        for (Tensor t : new Tensor[] {x, gamma, beta, runningMean, runningVar, out}) {
            check(t, op, "operand");
        }
        checkNorm(op, x, out, epsilon);
        int d = x.cols();
        vectorOf(op, "gamma", gamma, d);
        vectorOf(op, "beta", beta, d);
        vectorOf(op, "runningMean", runningMean, d);
        vectorOf(op, "runningVar", runningVar, d);
        normalisation.batchNormForwardInference(x, gamma, beta, epsilon, runningMean, runningVar, out);
    }

    @Override
    public synchronized void batchNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX,
                                               Tensor gradGamma, Tensor gradBeta) {
        String op = "batchNormBackward";
        enter(op);
        for (Tensor t : new Tensor[] {x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta}) {
            check(t, op, "operand");
        }
        sameShape(op, x, gradOut);
        sameShape(op, x, gradX);
        int d = x.cols();
        vectorOf(op, "gamma", gamma, d);
        vectorOf(op, "savedMean", savedMean, d);
        vectorOf(op, "savedInvStd", savedInvStd, d);
        vectorOf(op, "gradGamma", gradGamma, d);
        vectorOf(op, "gradBeta", gradBeta, d);
        normalisation.batchNormBackward(x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
    }

    private static void rowStats(String op, Tensor x, Tensor savedMean, Tensor savedInvStd) {
        int n = x.rows();
        if (savedMean.size() != n || savedInvStd.size() != n) {
            throw new IllegalArgumentException(op + ": savedMean and savedInvStd must have " + n + " elements ([" + n + ", 1]), got "
                    + savedMean.shape() + " and " + savedInvStd.shape());
        }
        if (x.cols() < 1) {
            throw new IllegalArgumentException(op + ": x needs at least one feature, got " + x.shape());
        }
    }

    @Override
    public synchronized void layerNormForward(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor out, Tensor savedMean,
                                              Tensor savedInvStd) {
        String op = "layerNormForward";
        enter(op);
        for (Tensor t : new Tensor[] {x, gamma, beta, out, savedMean, savedInvStd}) {
            check(t, op, "operand");
        }
        checkNorm(op, x, out, epsilon);
        rowStats(op, x, savedMean, savedInvStd);
        vectorOf(op, "gamma", gamma, x.cols());
        vectorOf(op, "beta", beta, x.cols());
        normalisation.layerNormForward(x, gamma, beta, epsilon, out, savedMean, savedInvStd);
    }

    /** {@inheritDoc} Two launches: gradX one warp per row, then gradGamma/gradBeta by columns. */
    @Override
    public synchronized void layerNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX,
                                               Tensor gradGamma, Tensor gradBeta) {
        String op = "layerNormBackward";
        enter(op);
        for (Tensor t : new Tensor[] {x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta}) {
            check(t, op, "operand");
        }
        sameShape(op, x, gradOut);
        sameShape(op, x, gradX);
        rowStats(op, x, savedMean, savedInvStd);
        int d = x.cols();
        vectorOf(op, "gamma", gamma, d);
        vectorOf(op, "gradGamma", gradGamma, d);
        vectorOf(op, "gradBeta", gradBeta, d);
        normalisation.layerNormBackward(x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
    }

    @Override
    public synchronized void preluForward(Tensor z, Tensor alpha, Tensor out) {
        String op = "preluForward";
        enter(op);
        check(z, op, "z");
        check(alpha, op, "alpha");
        check(out, op, "out");
        sameShape(op, z, out);
        vectorOf(op, "alpha", alpha, z.cols());
        layers.preluForward(z, alpha, out);
    }

    @Override
    public synchronized void preluBackward(Tensor z, Tensor alpha, Tensor gradOut, Tensor gradZ, Tensor gradAlpha) {
        String op = "preluBackward";
        enter(op);
        check(z, op, "z");
        check(alpha, op, "alpha");
        check(gradOut, op, "gradOut");
        check(gradZ, op, "gradZ");
        check(gradAlpha, op, "gradAlpha");
        sameShape(op, z, gradOut);
        sameShape(op, z, gradZ);
        vectorOf(op, "alpha", alpha, z.cols());
        vectorOf(op, "gradAlpha", gradAlpha, z.cols());
        layers.preluBackward(z, alpha, gradOut, gradZ, gradAlpha);
    }

    @Override
    public synchronized void maxoutForward(Tensor z, int k, Tensor out, Tensor argmax) {
        String op = "maxoutForward";
        enter(op);
        check(z, op, "z");
        check(out, op, "out");
        check(argmax, op, "argmax");
        if (k < 1) {
            throw new IllegalArgumentException(op + ": k must be >= 1, got " + k);
        }
        if (z.rows() != out.rows() || (long) out.cols() * k != z.cols()) {
            throw new IllegalArgumentException(op + ": z must be [n, units·k] and out [n, units] with k = " + k + ", got z " + z.shape()
                    + " and out " + out.shape());
        }
        sameShape(op, out, argmax);
        layers.maxoutForward(z, k, out, argmax);
    }

    /** {@inheritDoc} An arg-max outside {@code [0, k)} is not detected on the device (its row gets no gradient). */
    @Override
    public synchronized void maxoutBackward(Tensor gradOut, Tensor argmax, int k, Tensor gradZ) {
        String op = "maxoutBackward";
        enter(op);
        check(gradOut, op, "gradOut");
        check(argmax, op, "argmax");
        check(gradZ, op, "gradZ");
        if (k < 1) {
            throw new IllegalArgumentException(op + ": k must be >= 1, got " + k);
        }
        if (gradZ.rows() != gradOut.rows() || (long) gradOut.cols() * k != gradZ.cols()) {
            throw new IllegalArgumentException(op + ": gradZ must be [n, units·k] for gradOut [n, units] with k = " + k + ", got gradOut "
                    + gradOut.shape() + " and gradZ " + gradZ.shape());
        }
        sameShape(op, gradOut, argmax);
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
