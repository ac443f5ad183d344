package dev.myelin.optim.fullbatch;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;
import dev.myelin.data.Dataset;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.nn.Mode;

/**
 * A model's training objective on a whole data set, as an {@link Objective} for the full-batch
 * minimisers: the mean loss over all n samples plus the model's L1/L2 penalty, and its gradient, as
 * functions of the flat parameters {@code [P]} (the layout of {@link Model#parameters()}).
 *
 * <p>The data set is uploaded once, as one batch {@code [n, features]} and its targets; each evaluation
 * uploads the parameters, runs forward and backward on the whole batch and downloads the gradient. It
 * runs in training mode with a fixed seed and step, so a dropout layer draws the same mask every time
 * and the objective stays deterministic. Use a float64 backend: float32 rounding (~1e-7) limits how far a
 * line search can go. Close it to free the device copy of the data.
 *
 * <p>Not thread-safe: it counts evaluations and runs the model's backend; use it on one thread.
 */
public final class ModelObjective implements Objective, AutoCloseable {
    private final Model model;
    private final Tensor features;
    private final Tensor targets;
    private final Tensor lossSum;
    private final Mode mode;
    private final int rows;
    private int evaluations;

    private ModelObjective(Model model, Dataset data, long seed) {
        if (model == null || data == null) {
            throw new IllegalArgumentException("ModelObjective needs a model and a data set");
        }
        if (data.featureCount() != model.inputWidth()) {
            throw new IllegalArgumentException("data set '" + data.name() + "' has " + data.featureCount() + " features per sample but the model takes "
                    + model.inputWidth());
        }
        this.model = model;
        this.rows = data.size();
        Backend backend = model.backend();
        double[] y = targetsFor(model, data);
        int width = y.length / rows;
        this.features = backend.allocate(rows, data.featureCount());
        this.targets = backend.allocate(rows, width);
        this.lossSum = backend.allocate(1, 1);
        backend.upload(data.features(), 0, features);
        backend.upload(y, 0, targets);
        this.mode = Mode.training(seed, 0);
    }

    /** The full-batch objective of {@code model} on {@code data}, dropout seed 0. */
    public static ModelObjective of(Model model, Dataset data) {
        return new ModelObjective(model, data, 0);
    }

    /** The full-batch objective of {@code model} on {@code data}; dropout masks are drawn from {@code seed}. */
    public static ModelObjective of(Model model, Dataset data, long seed) {
        return new ModelObjective(model, data, seed);
    }

    /** The targets as the model's loss takes them: class indices, a 0/1 column for one binary output, one-hot rows, or values. */
    private static double[] targetsFor(Model model, Dataset data) {
        Loss loss = model.loss();
        int out = model.outputWidth();
        if (data.isClassification()) {
            if (loss.sparseTargets()) {
                if (out != data.numClasses()) {
                    throw mismatch(data, out);
                }
                return data.targets();
            }
            if (out == 1 && data.numClasses() == 2) {
                return data.targets();
            }
            if (out != data.numClasses()) {
                throw mismatch(data, out);
            }
            return data.oneHotTargets();
        }
        if (loss.sparseTargets() || data.targetWidth() != out) {
            throw new IllegalArgumentException("data set '" + data.name() + "' has " + data.targetWidth() + " target values per sample but the model has "
                    + out + " outputs (loss " + loss + ")");
        }
        return data.targets();
    }

    private static IllegalArgumentException mismatch(Dataset data, int out) {
        return new IllegalArgumentException("data set '" + data.name() + "' has " + data.numClasses() + " classes but the model has " + out + " outputs");
    }

    /** The model's current parameters {@code [P]}, a starting point. */
    public double[] initialParameters() {
        return model.parametersToHost();
    }

    /** Number of parameters P. */
    public int dimension() {
        return model.parameterCount();
    }

    /** Evaluations so far. */
    public int evaluations() {
        return evaluations;
    }

    /** Sets the model's parameters to {@code params} (e.g. a minimiser's result). */
    public void apply(double[] params) {
        model.setParameters(params);
    }

    @Override
    public double valueAndGradient(double[] params, double[] gradOut) {
        if (params.length != model.parameterCount() || gradOut.length != params.length) {
            throw new IllegalArgumentException("ModelObjective: the model has " + model.parameterCount() + " parameters, got params of length "
                    + params.length + " and gradOut of length " + gradOut.length);
        }
        Backend backend = model.backend();
        model.setParameters(params);
        backend.fill(lossSum, 0);
        model.computeGradients(features, targets, mode, lossSum);
        double[] g = model.gradientsToHost();
        System.arraycopy(g, 0, gradOut, 0, gradOut.length);
        evaluations++;
        return backend.readScalar(lossSum, 0) / rows;
    }

    @Override
    public void close() {
        features.close();
        targets.close();
        lossSum.close();
    }
}
