package dev.myelin.cpu;

import dev.myelin.backend.Tensor;

/**
 * CPU bodies of the layer operations of {@link dev.myelin.backend.Backend}: batch norm, layer norm, PReLU, maxout,
 * dropout masks, element-wise product, clamping and the clipping scale, in the precision of {@link LayerKernels64}
 * or {@link LayerKernels32} (generated from one template).
 *
 * <p>Tensors reach this class already checked by {@link CpuBackend} through the shared validators of
 * {@link dev.myelin.backend.spi.LayerChecks} and {@link dev.myelin.backend.spi.OptimiserChecks} (live, of this
 * backend, shapes and arguments); arg-max values of maxout, which only a kernel reads, are checked here.
 *
 * <p>Not thread-safe: one call at a time (the owning backend is used by one thread at a time).
 */
abstract class LayerKernels {

    abstract void batchNormForwardTraining(Tensor x, Tensor gamma, Tensor beta, double epsilon, double momentum, Tensor runningMean,
                                           Tensor runningVar, Tensor out, Tensor savedMean, Tensor savedInvStd);

    abstract void batchNormForwardInference(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor runningMean, Tensor runningVar,
                                            Tensor out);

    abstract void batchNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX,
                                    Tensor gradGamma, Tensor gradBeta);

    abstract void layerNormForward(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor out, Tensor savedMean, Tensor savedInvStd);

    abstract void layerNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX,
                                    Tensor gradGamma, Tensor gradBeta);

    abstract void preluForward(Tensor z, Tensor alpha, Tensor out);

    abstract void preluBackward(Tensor z, Tensor alpha, Tensor gradOut, Tensor gradZ, Tensor gradAlpha);

    abstract void maxoutForward(Tensor z, int k, Tensor out, Tensor argmax);

    /** Fails on an arg-max value outside {@code [0, k)}. */
    abstract void maxoutBackward(Tensor gradOut, Tensor argmax, int k, Tensor gradZ);

    abstract void dropoutMask(long seed, long step, int layer, double p, Tensor mask);

    abstract void multiply(Tensor a, Tensor b, Tensor out);

    abstract void clamp(Tensor x, double lo, double hi);

    abstract void clipScale(Tensor sumSquares, double maxNorm, Tensor scale);
}
