package dev.myelin.gradcheck;

import dev.myelin.backend.Backend;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.model.ParameterSlot;
import dev.myelin.nn.Mode;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Checks back-propagated gradients of any model against central differences, and compares the
 * gradients two backends compute for the same model (cross-backend parity).
 *
 * <p>The objective is the model's mean loss over the given batch. Finite differences need float64:
 * {@link #check} refuses a float32 model. In training mode every evaluation uses the same seed and
 * step, so a dropout layer draws the same mask each time (DL4J's rule).
 *
 * <p>Stateless; thread-safe in itself, but it runs the model's low-level passes, which are not thread-safe: no
 * other thread may use the model while it checks.
 */
public final class GradientChecker {

    private GradientChecker() {
    }

    /**
     * Central-difference check of {@code model}'s gradients on one batch.
     *
     * @param features {@code [rows, inputWidth]} row-major
     * @param targets  {@code [rows, 1]} class indices for sparse losses, else {@code [rows, outputWidth]}
     */
    public static GradientCheckResult check(Model model, double[] features, double[] targets, int rows, GradientCheckOptions options) {
        return check(model, features, targets, rows, options, dev.myelin.train.ProgressListener.NONE);
    }

    /** As {@link #check(Model, double[], double[], int, GradientCheckOptions)}, telling {@code progress} after each parameter checked. */
    public static GradientCheckResult check(Model model, double[] features, double[] targets, int rows, GradientCheckOptions options,
                                            dev.myelin.train.ProgressListener progress) {
        if (model.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("gradient checking needs float64 but the model runs on " + model.backend().name()
                    + " (" + model.dtype() + "): float32 rounding (~1e-7) swamps central differences; build the model on a FLOAT64 backend (cpu-f64)");
        }
        Backend backend = model.backend();
        Mode mode = options.trainingMode() ? Mode.training(options.seed(), 0) : Mode.inference();
        try (Tensor x = upload(backend, features, rows, model.inputWidth(), "features");
             Tensor y = upload(backend, targets, rows, targetWidth(model), "targets");
             Tensor lossSum = backend.allocate(1, 1)) {
            model.computeGradients(x, y, mode, lossSum);
            double[] analytic = model.gradientsToHost();
            double[] theta = model.parametersToHost();
            int[] chosen = choose(model, options);
            double[] numeric = new double[chosen.length];
            double[] backprop = new double[chosen.length];
            double[] one = new double[1];
            for (int c = 0; c < chosen.length; c++) {
                int i = chosen[c];
                try (Tensor element = backend.view(model.parameters(), i, 1, 1)) {
                    one[0] = theta[i] + options.epsilon();
                    backend.upload(one, 0, element);
                    double plus = model.loss(x, y, mode);
                    one[0] = theta[i] - options.epsilon();
                    backend.upload(one, 0, element);
                    double minus = model.loss(x, y, mode);
                    one[0] = theta[i];
                    backend.upload(one, 0, element);
                    numeric[c] = (plus - minus) / (2 * options.epsilon());
                    backprop[c] = analytic[i];
                }
                progress.progress(c + 1, chosen.length);
            }
            return compare(model, chosen, numeric, backprop, options.maxRelativeError(), options.absoluteFloor());
        }
    }

    /**
     * Compares the back-propagated gradients of {@code spec} on {@code candidate} with those on
     * {@code reference} (typically CPU float64), for identical parameters (drawn from {@code seed})
     * and the same batch, in training mode with a fixed seed.
     *
     * @param threshold pass threshold of the relative error (e.g. 1e-4 for float32 against float64)
     */
    public static GradientCheckResult compareBackends(ModelSpec spec, long seed, Backend reference, Backend candidate, double[] features,
                                                      double[] targets, int rows, double threshold) {
        try (Model ref = Model.create(spec, reference, seed); Model cand = Model.create(spec, candidate, seed)) {
            cand.setParameters(ref.parametersToHost());
            double[] g1 = gradientsOf(ref, features, targets, rows, seed);
            double[] g2 = gradientsOf(cand, features, targets, rows, seed);
            int[] all = new int[g1.length];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return compare(ref, all, g1, g2, threshold, 0.0);
        }
    }

    private static double[] gradientsOf(Model model, double[] features, double[] targets, int rows, long seed) {
        Backend backend = model.backend();
        try (Tensor x = upload(backend, features, rows, model.inputWidth(), "features");
             Tensor y = upload(backend, targets, rows, targetWidth(model), "targets");
             Tensor lossSum = backend.allocate(1, 1)) {
            model.computeGradients(x, y, Mode.training(seed, 0), lossSum);
            return model.gradientsToHost();
        }
    }

    private static int targetWidth(Model model) {
        return model.loss().sparseTargets() ? 1 : model.outputWidth();
    }

    private static Tensor upload(Backend backend, double[] values, int rows, int cols, String what) {
        if (rows < 1 || values.length != rows * cols) {
            throw new IllegalArgumentException("gradient check: " + what + " have " + values.length + " values, expected " + rows + " rows × "
                    + cols + " = " + ((long) rows * cols));
        }
        Tensor t = backend.allocate(rows, cols);
        backend.upload(values, 0, t);
        return t;
    }

    /** Indices to check: all, or a seeded sample spread over every block in proportion to its size. */
    private static int[] choose(Model model, GradientCheckOptions options) {
        int total = model.parameterCount();
        if (options.maxParameters() == 0 || options.maxParameters() >= total) {
            int[] all = new int[total];
            for (int i = 0; i < total; i++) {
                all[i] = i;
            }
            return all;
        }
        SplittableRandom rng = new SplittableRandom(options.subsetSeed());
        List<Integer> picked = new ArrayList<>();
        for (ParameterSlot slot : model.parameterSlots()) {
            int size = slot.block().size();
            int want = (int) Math.max(1, Math.round((double) options.maxParameters() * size / total));
            int[] idx = new int[size];
            for (int i = 0; i < size; i++) {
                idx[i] = i;
            }
            for (int i = 0; i < Math.min(want, size); i++) {
                int j = i + rng.nextInt(size - i);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
                picked.add(slot.offset() + idx[i]);
            }
        }
        return picked.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static GradientCheckResult compare(Model model, int[] indices, double[] reference, double[] candidate, double threshold,
                                               double absoluteFloor) {
        double diff = 0;
        double refNorm = 0;
        double candNorm = 0;
        double worst = 0;
        String worstName = "";
        int failed = 0;
        for (int c = 0; c < indices.length; c++) {
            double d = reference[c] - candidate[c];
            diff += d * d;
            refNorm += reference[c] * reference[c];
            candNorm += candidate[c] * candidate[c];
            double abs = Math.abs(d);
            if (abs <= absoluteFloor && absoluteFloor > 0) {
                continue;
            }
            double denominator = Math.abs(reference[c]) + Math.abs(candidate[c]);
            double rel = denominator == 0 ? 0 : abs / denominator;
            if (!(rel <= worst)) {
                worst = rel;
                worstName = nameOf(model, indices[c]);
            }
            if (!(rel < threshold)) {
                failed++;
            }
        }
        double norms = Math.sqrt(refNorm) + Math.sqrt(candNorm);
        double relative = norms == 0 ? 0 : Math.sqrt(diff) / norms;
        if (Double.isNaN(relative)) {
            relative = Double.POSITIVE_INFINITY;
        }
        return new GradientCheckResult(relative, worst, worstName, failed, indices.length, threshold, reference, candidate);
    }

    private static String nameOf(Model model, int index) {
        for (ParameterSlot slot : model.parameterSlots()) {
            if (index >= slot.offset() && index < slot.offset() + slot.block().size()) {
                return slot.name() + "[" + (index - slot.offset()) + "]";
            }
        }
        return "#" + index;
    }
}
