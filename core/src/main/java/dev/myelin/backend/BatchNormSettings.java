package dev.myelin.backend;

/**
 * The fixed hyper-parameters of batch norm ({@link NormalisationOperations#batchNormForwardTraining} and
 * {@link NormalisationOperations#batchNormForwardInference}): built once by the layer, reused by every pass. The
 * backend's validator checks them with each call (the operation's name in the message).
 *
 * <p>Immutable and thread-safe.
 *
 * @param epsilon  ε added to the variance, finite and &gt; 0 (PyTorch's default 1e-5)
 * @param momentum weight of the batch statistics in the running estimates, {@code r ← (1−momentum)·r +
 *                 momentum·stat}, in [0, 1] (PyTorch's default 0.1; unused at inference)
 */
public record BatchNormSettings(double epsilon, double momentum) {
}
