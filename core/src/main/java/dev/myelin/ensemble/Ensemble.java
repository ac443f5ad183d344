package dev.myelin.ensemble;

import dev.myelin.data.Dataset;
import dev.myelin.model.Model;
import dev.myelin.model.Predictor;
import dev.myelin.train.ConfusionMatrix;

import java.util.List;

/**
 * Several trained models that predict together: the mean of their predicted probabilities (their outputs after the
 * loss's output activation; the mean prediction for regressors). The members must share the input and output widths;
 * they may live on different backends. {@link #predict} goes through a {@link Predictor} per member, so a member with an input
 * normaliser takes raw features. Saved and loaded as one file by {@link EnsembleFile}. Does not own the models: close them
 * yourself. Not thread-safe (nor are models).
 */
public final class Ensemble {
    /** Rows predicted per call to a member, to bound memory. */
    public static final int BATCH_ROWS = 256;
    private final List<Model> members;

    public Ensemble(List<Model> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one model");
        }
        Model first = members.get(0);
        for (Model m : members) {
            if (m.inputWidth() != first.inputWidth() || m.outputWidth() != first.outputWidth()) {
                throw new IllegalArgumentException("ensemble members must agree on their shapes: one maps " + first.inputWidth() + " inputs to "
                        + first.outputWidth() + " outputs, another " + m.inputWidth() + " to " + m.outputWidth());
            }
        }
        this.members = List.copyOf(members);
    }

    public List<Model> members() {
        return members;
    }

    /** The members' mean prediction for {@code rows} samples of row-major {@code features [rows, inputWidth]}: {@code [rows, outputWidth]}. */
    public double[] predict(double[] features, int rows) {
        double[] mean = new double[rows * members.get(0).outputWidth()];
        for (Model m : members) {
            double[] p = new Predictor(m, BATCH_ROWS).predict(features, rows);
            for (int i = 0; i < p.length; i++) {
                mean[i] += p[i] / members.size();
            }
        }
        return mean;
    }

    /** The confusion matrix of the averaged probabilities on a classification set (arg-max, or {@code p > 0.5} for one output). */
    public ConfusionMatrix confusion(Dataset data) {
        if (!data.isClassification()) {
            throw new IllegalArgumentException("confusion needs a classification data set; '" + data.name() + "' holds regression targets");
        }
        return confusion(predict(data.features(), data.size()), members.get(0).outputWidth(), data);
    }

    /** The accuracy of the averaged probabilities on a classification set. */
    public double accuracy(Dataset data) {
        return confusion(data).accuracy();
    }

    /** The confusion matrix of probabilities {@code [n, k]} against the labels of {@code data}. */
    public static ConfusionMatrix confusion(double[] probabilities, int k, Dataset data) {
        ConfusionMatrix matrix = new ConfusionMatrix(Math.max(data.numClasses(), k == 1 ? 2 : k));
        for (int i = 0; i < data.size(); i++) {
            int predicted = 0;
            if (k == 1) {
                predicted = probabilities[i] > 0.5 ? 1 : 0;
            } else {
                for (int c = 1; c < k; c++) {
                    if (probabilities[i * k + c] > probabilities[i * k + predicted]) {
                        predicted = c;
                    }
                }
            }
            matrix.add(data.label(i), predicted);
        }
        return matrix;
    }
}
