package dev.myelin.backend;

/**
 * Fused optimiser steps over flat buffers and gradient clipping. Every step works over buffers of equal size (the
 * model's flat parameter, gradient and state buffers) and reads an optional 1-element {@code gradScale} tensor s
 * (null means 1): the gradient used is s·g. When s is NaN or infinite (set so by {@link #clipScale} for a non-finite
 * gradient norm) the step is skipped: parameters and state are left untouched. Coupled L2 decay adds λ·w to the
 * scaled gradient. Learning rates and decays are per step, in parameter units. The fixed hyper-parameters of a step
 * come in one immutable record per rule ({@link SgdSpec}, {@link AdaGradSpec}, {@link AdaDeltaSpec}, {@link RmsPropSpec},
 * {@link AdamSpec}) that the optimiser builds once; the learning rate, which a schedule changes, comes with each step.
 *
 * <p>Part of {@link Backend}: all tensors are row-major {@code [rows, cols]} of the backend's {@link Backend#dtype()},
 * activations are {@code [batch, features]}, per-feature vectors {@code [1, features]}. Each operation is validated
 * once, with the same messages on every backend ({@link IllegalArgumentException} naming the operation and the
 * shapes, {@link IllegalStateException} for a closed backend or tensor), then runs as one BLAS call or kernel launch.
 * Not thread-safe unless the backend says so: one thread at a time.
 */
public interface OptimiserOperations {

    /**
     * One fused SGD step: {@code g' = s·g + λ·w}, then the update of the spec's {@link MomentumForm} with momentum β and
     * learning rate η = {@code learningRate}. {@code velocity} may be null for {@link MomentumForm#NONE}.
     */
    void sgdStep(SgdSpec spec, double learningRate, Tensor params, Tensor grads, Tensor velocity, Tensor gradScale);

    /** AdaGrad (PyTorch form): {@code g' = s·g + λ·w; G += g'²; w −= η·g'/(√G + ε)}, ε and λ from the spec. */
    void adagradStep(AdaGradSpec spec, double learningRate, Tensor params, Tensor grads, Tensor sumSquares, Tensor gradScale);

    /**
     * AdaDelta (Zeiler 2012, PyTorch form): {@code g' = s·g + λ·w; E[g²] = ρ·E[g²] + (1−ρ)·g'²;
     * Δ = √(E[Δ²] + ε) / √(E[g²] + ε) · g'; E[Δ²] = ρ·E[Δ²] + (1−ρ)·Δ²; w −= η·Δ}; ρ, ε and λ from the spec.
     */
    void adadeltaStep(AdaDeltaSpec spec, double learningRate, Tensor params, Tensor grads, Tensor squareAvg, Tensor deltaAvg, Tensor gradScale);

    /**
     * RMSprop (PyTorch form): {@code g' = s·g + λ·w; v = α·v + (1−α)·g'²}; centered ({@code gradAvg} not null):
     * {@code a = α·a + (1−α)·g', d = √(v − a²) + ε}, else {@code d = √v + ε}; with momentum μ > 0
     * ({@code momentumBuffer} not null): {@code b = μ·b + g'/d; w −= η·b}, else {@code w −= η·g'/d}; α, ε, λ and μ from
     * the spec.
     */
    void rmspropStep(RmsPropSpec spec, double learningRate, Tensor params, Tensor grads, Tensor squareAvg, Tensor gradAvg, Tensor momentumBuffer,
                     Tensor gradScale);

    /**
     * The Adam family in one kernel, β1, β2, ε, λ and the decay form from the spec: {@code g' = s·g} (plus {@code λ·w}
     * unless {@link AdamSpec#decoupledDecay}); with decoupled decay first {@code w ← w·(1 − η·λ)} (AdamW); then {@code m = β1·m + (1−β1)·g';
     * v = β2·v + (1−β2)·g'²; d = √v / c2 + ε; w −= (cg·g' + cm·m) / d}. The host computes the per-step
     * scalars: Adam {@code cg = 0, cm = η/(1−β1^t), c2 = √(1−β2^t)}; NAdam {@code cg = η(1−μ_t)/(1−Πμ),
     * cm = η·μ_{t+1}/(1−Πμ·μ_{t+1})}, where {@code cg = gradCoefficient}, {@code cm = momentCoefficient} and
     * {@code c2 = sqrtBiasCorrection2}.
     */
    void adamStep(AdamSpec spec, double learningRate, double gradCoefficient, double momentCoefficient, double sqrtBiasCorrection2,
                  Tensor params, Tensor grads, Tensor m, Tensor v, Tensor gradScale);

    /** {@code x = min(max(x, lo), hi)} element-wise (clipping by value). */
    void clamp(Tensor x, double lo, double hi);

    /**
     * {@code scale[0] = min(1, maxNorm / (√sumSquares[0] + 1e-6))} (PyTorch's {@code clip_grad_norm_}), or NaN
     * when {@code sumSquares[0]} is not finite, so that the optimiser step reading it is skipped.
     */
    void clipScale(Tensor sumSquares, double maxNorm, Tensor scale);
}
