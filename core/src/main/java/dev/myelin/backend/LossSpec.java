package dev.myelin.backend;

/**
 * Everything a backend needs to evaluate one loss.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind           which loss
 * @param fromLogits     for the cross-entropies: the output is a logit (BCE: sigmoid fused in;
 *                       categorical: softmax fused in), not a probability
 * @param delta          Huber threshold δ (ignored by other losses)
 * @param labelSmoothing ε of label smoothing for the categorical losses, targets become
 *                       {@code (1−ε)·y + ε/K}; 0 for none
 */
public record LossSpec(LossKind kind, boolean fromLogits, double delta, double labelSmoothing) {
}
