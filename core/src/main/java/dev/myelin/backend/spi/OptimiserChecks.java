package dev.myelin.backend.spi;

import static dev.myelin.backend.spi.Shapes.atLeastOne;
import static dev.myelin.backend.spi.Shapes.sameSize;

import dev.myelin.backend.AdaDeltaSpec;
import dev.myelin.backend.AdaGradSpec;
import dev.myelin.backend.AdamSpec;
import dev.myelin.backend.MomentumForm;
import dev.myelin.backend.RmsPropSpec;
import dev.myelin.backend.SgdSpec;
import dev.myelin.backend.Tensor;
import dev.myelin.util.ArgumentChecks;

/**
 * Validation of the fused optimiser steps and of gradient clipping, made once here and called by every backend as
 * the first line of the operation: every state buffer has as many elements as {@code params}, an optional
 * {@code gradScale} has at least one element. Hyper-parameters are the optimiser's to check (it knows their
 * names); only what would make the kernel itself wrong is checked here. Throws as {@link Operands} does, and
 * {@link IllegalArgumentException} naming the operation and the buffer.
 *
 * <p>Stateless; thread-safe.
 */
public final class OptimiserChecks {

    private OptimiserChecks() {
    }

    /** A spec; grads (and velocity unless the spec's form is {@link MomentumForm#NONE}) as large as params. */
    public static void sgdStep(Operands live, SgdSpec spec, Tensor params, Tensor grads, Tensor velocity, Tensor gradScale) {
        final String op = "sgdStep";
        ArgumentChecks.notNull("sgdStep: spec", spec);
        live.live(op, "params", params, "grads", grads);
        sameSize(op, params, grads);
        if (spec.form() != MomentumForm.NONE) {
            if (velocity == null) {
                throw new IllegalArgumentException(op + ": " + spec.form() + " momentum needs a velocity buffer");
            }
            live.live(op, "velocity", velocity);
            sameSize(op, params, velocity);
        }
        gradScale(live, op, gradScale);
    }

    /** A spec; grads and sumSquares as large as params. */
    public static void adagradStep(Operands live, AdaGradSpec spec, Tensor params, Tensor grads, Tensor sumSquares, Tensor gradScale) {
        ArgumentChecks.notNull("adagradStep: spec", spec);
        step(live, "adagradStep", params, grads, "sumSquares", sumSquares, null, null, gradScale);
    }

    /** A spec; grads, squareAvg and deltaAvg as large as params. */
    public static void adadeltaStep(Operands live, AdaDeltaSpec spec, Tensor params, Tensor grads, Tensor squareAvg, Tensor deltaAvg,
                                    Tensor gradScale) {
        ArgumentChecks.notNull("adadeltaStep: spec", spec);
        step(live, "adadeltaStep", params, grads, "squareAvg", squareAvg, "deltaAvg", deltaAvg, gradScale);
    }

    /**
     * A spec; grads and squareAvg (and gradAvg, momentumBuffer where given) as large as params; a momentum other than 0
     * needs a momentumBuffer.
     */
    public static void rmspropStep(Operands live, RmsPropSpec spec, Tensor params, Tensor grads, Tensor squareAvg, Tensor gradAvg,
                                   Tensor momentumBuffer, Tensor gradScale) {
        final String op = "rmspropStep";
        ArgumentChecks.notNull("rmspropStep: spec", spec);
        double momentum = spec.momentum();
        live.live(op, "params", params);
        state(live, op, "grads", params, grads);
        state(live, op, "squareAvg", params, squareAvg);
        if (gradAvg != null) {
            state(live, op, "gradAvg", params, gradAvg);
        }
        if (momentumBuffer != null) {
            state(live, op, "momentumBuffer", params, momentumBuffer);
        } else if (momentum != 0) {
            throw new IllegalArgumentException(op + ": momentum " + momentum + " needs a momentumBuffer");
        }
        gradScale(live, op, gradScale);
    }

    /** A spec; grads, m and v as large as params. */
    public static void adamStep(Operands live, AdamSpec spec, Tensor params, Tensor grads, Tensor m, Tensor v, Tensor gradScale) {
        ArgumentChecks.notNull("adamStep: spec", spec);
        step(live, "adamStep", params, grads, "m", m, "v", v, gradScale);
    }

    /** {@code lo <= hi} (neither NaN). */
    public static void clamp(Operands live, Tensor x, double lo, double hi) {
        live.live("clamp", "x", x);
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: need lo <= hi, got lo = " + lo + " and hi = " + hi);
        }
    }

    /** {@code maxNorm} finite and {@code > 0}; sumSquares and scale have at least one element. */
    public static void clipScale(Operands live, Tensor sumSquares, double maxNorm, Tensor scale) {
        final String op = "clipScale";
        live.live(op, "sumSquares", sumSquares, "scale", scale);
        ArgumentChecks.positive(op + ": maxNorm", maxNorm);
        atLeastOne(op, "sumSquares", sumSquares);
        atLeastOne(op, "scale", scale);
    }

    /** A step with grads and one or two state buffers ({@code role2} null: one), each as large as params. */
    private static void step(Operands live, String op, Tensor params, Tensor grads, String role1, Tensor state1, String role2, Tensor state2,
                             Tensor gradScale) {
        live.live(op, "params", params);
        state(live, op, "grads", params, grads);
        state(live, op, role1, params, state1);
        if (role2 != null) {
            state(live, op, role2, params, state2);
        }
        gradScale(live, op, gradScale);
    }

    /** {@code buffer} (role {@code role}) is live and has as many elements as {@code params}. */
    private static void state(Operands live, String op, String role, Tensor params, Tensor buffer) {
        live.live(op, role, buffer);
        if (buffer.size() != params.size()) {
            throw new IllegalArgumentException(op + ": " + role + " must have as many elements as params, got params "
                    + params.shape() + " and " + role + " " + buffer.shape());
        }
    }

    private static void gradScale(Operands live, String op, Tensor gradScale) {
        if (gradScale != null) {
            live.live(op, "gradScale", gradScale);
            atLeastOne(op, "gradScale", gradScale);
        }
    }
}
