// Fused optimiser steps of dev.myelin.backend.Backend over one flat parameter
// buffer w, its gradient g and state buffers of the same n elements, in float
// arithmetic (llm.c's choice; each element is read and written once).
//
// gradScale: a device pointer to one float s, or null for s = 1. The gradient
// used is s·g. When s is NaN or infinite (clipScale's answer to a non-finite
// gradient norm) the step is skipped: every thread returns before touching w
// or the state. Coupled L2 decay adds λ·w to the scaled gradient; Adam's
// decoupled form (AdamW) shrinks w by (1 − η·λ) instead.
//
// Launch geometry: 1-D blocks of 256, any 1-D grid (grid-stride over n).
#include "myelin_common.cuh"

// The gradient scale, or NaN-free 1 when there is none; false when the step must be skipped.
__device__ __forceinline__ bool myelin_grad_scale(const float* gradScale, float& s) {
    s = gradScale ? gradScale[0] : 1.0f;
    return isfinite(s);
}

// SGD (form = MomentumForm.ordinal()): g' = s·g + λ·w, then
// NONE w −= η·g'; CLASSICAL v = β·v + η·g', w −= v; EMA v = β·v + (1−β)·g', w −= η·v;
// NESTEROV v = β·v + η·g', w −= β·v + η·g'. v may be null for NONE.
extern "C" __global__ void myelin_sgd_step(int form, float lr, float momentum, float decay, float* w, const float* g, float* v,
                                           const float* gradScale, int n) {
    float s;
    if (!myelin_grad_scale(gradScale, s)) return;
    MYELIN_GRID_STRIDE(i, n) {
        float wi = w[i];
        float gi = decay == 0.0f ? s * g[i] : s * g[i] + decay * wi;
        switch (form) {
            case MYELIN_MOMENTUM_CLASSICAL: {
                float vi = momentum * v[i] + lr * gi;
                v[i] = vi;
                w[i] = wi - vi;
                break;
            }
            case MYELIN_MOMENTUM_EMA: {
                float vi = momentum * v[i] + (1.0f - momentum) * gi;
                v[i] = vi;
                w[i] = wi - lr * vi;
                break;
            }
            case MYELIN_MOMENTUM_NESTEROV: {
                float step = lr * gi;
                float vi = momentum * v[i] + step;
                v[i] = vi;
                w[i] = wi - (momentum * vi + step);
                break;
            }
            default:
                w[i] = wi - lr * gi;
        }
    }
}

// AdaGrad: g' = s·g + λ·w; G += g'²; w −= η·g'/(√G + ε).
extern "C" __global__ void myelin_adagrad_step(float lr, float epsilon, float decay, float* w, const float* g, float* sumSquares,
                                               const float* gradScale, int n) {
    float s;
    if (!myelin_grad_scale(gradScale, s)) return;
    MYELIN_GRID_STRIDE(i, n) {
        float wi = w[i];
        float gi = s * g[i] + decay * wi;
        float si = sumSquares[i] + gi * gi;
        sumSquares[i] = si;
        w[i] = wi - lr * gi / (sqrtf(si) + epsilon);
    }
}

// AdaDelta: g' = s·g + λ·w; E[g²] = ρ·E[g²] + (1−ρ)·g'²; Δ = √(E[Δ²] + ε)/√(E[g²] + ε)·g';
// E[Δ²] = ρ·E[Δ²] + (1−ρ)·Δ²; w −= η·Δ.
extern "C" __global__ void myelin_adadelta_step(float lr, float rho, float epsilon, float decay, float* w, const float* g,
                                                float* squareAvg, float* deltaAvg, const float* gradScale, int n) {
    float s;
    if (!myelin_grad_scale(gradScale, s)) return;
    float oneMinusRho = 1.0f - rho;
    MYELIN_GRID_STRIDE(i, n) {
        float wi = w[i];
        float gi = s * g[i] + decay * wi;
        float qi = rho * squareAvg[i] + oneMinusRho * gi * gi;
        float ai = deltaAvg[i];
        float delta = sqrtf(ai + epsilon) / sqrtf(qi + epsilon) * gi;
        squareAvg[i] = qi;
        deltaAvg[i] = rho * ai + oneMinusRho * delta * delta;
        w[i] = wi - lr * delta;
    }
}

// RMSprop: g' = s·g + λ·w; v = α·v + (1−α)·g'²; centred (gradAvg not null): a = α·a + (1−α)·g',
// d = √max(v − a², 0) + ε, else d = √v + ε; momentumBuffer not null: b = μ·b + g'/d, w −= η·b; else w −= η·g'/d.
extern "C" __global__ void myelin_rmsprop_step(float lr, float alpha, float epsilon, float decay, float momentum, float* w,
                                               const float* g, float* squareAvg, float* gradAvg, float* momentumBuffer,
                                               const float* gradScale, int n) {
    float s;
    if (!myelin_grad_scale(gradScale, s)) return;
    float oneMinusAlpha = 1.0f - alpha;
    MYELIN_GRID_STRIDE(i, n) {
        float wi = w[i];
        float gi = s * g[i] + decay * wi;
        float vi = alpha * squareAvg[i] + oneMinusAlpha * gi * gi;
        squareAvg[i] = vi;
        float d;
        if (gradAvg) {
            float ai = alpha * gradAvg[i] + oneMinusAlpha * gi;
            gradAvg[i] = ai;
            // v − a² is a variance: rounding can make it slightly negative when the
            // gradient is nearly constant. Clamp at zero; a NaN stays NaN.
            float var = vi - ai * ai;
            d = sqrtf(var < 0.0f ? 0.0f : var) + epsilon;
        } else {
            d = sqrtf(vi) + epsilon;
        }
        if (momentumBuffer) {
            float bi = momentum * momentumBuffer[i] + gi / d;
            momentumBuffer[i] = bi;
            w[i] = wi - lr * bi;
        } else {
            w[i] = wi - lr * gi / d;
        }
    }
}

// The Adam family (Backend#adamStep): g' = s·g (+ λ·w unless decoupled); decoupled: w ← w·(1 − η·λ);
// m = β1·m + (1−β1)·g'; v = β2·v + (1−β2)·g'²; d = √v/c2 + ε; w −= (cg·g' + cm·m)/d.
// Host scalars: Adam cg = 0, cm = η/(1−β1^t), c2 = √(1−β2^t); NAdam cg, cm from the μ schedule.
extern "C" __global__ void myelin_adam_step(int decoupled, float lr, float decay, float beta1, float beta2, float epsilon, float cg,
                                            float cm, float c2, float* w, const float* g, float* m, float* v, const float* gradScale,
                                            int n) {
    float s;
    if (!myelin_grad_scale(gradScale, s)) return;
    float shrink = 1.0f - lr * decay;
    float coupled = decoupled ? 0.0f : decay;
    MYELIN_GRID_STRIDE(i, n) {
        float wi = w[i];
        float gi = s * g[i] + coupled * wi;
        if (decoupled) wi *= shrink;
        float mi = beta1 * m[i] + (1.0f - beta1) * gi;
        float vi = beta2 * v[i] + (1.0f - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        float d = sqrtf(vi) / c2 + epsilon;
        w[i] = wi - (cg * gi + cm * mi) / d;
    }
}
