package dev.myelin.train;

import dev.myelin.data.Dataset;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;

/**
 * The targets of a data set as a model's loss wants them, {@code [n, width]} row-major, after checking
 * that the data set and the model fit together (features, classes, output width).
 */
record Targets(double[] values, int width) {

    static Targets encode(Model model, Dataset data) {
        if (data.featureCount() != model.inputWidth()) {
            throw new IllegalArgumentException("data set '" + data.name() + "' has " + data.featureCount() + " features per sample but the model takes "
                    + model.inputWidth() + "; build the model with ModelSpec.builder(" + data.featureCount() + ")");
        }
        Loss loss = model.loss();
        int out = model.outputWidth();
        if (loss.isClassification() && !data.isClassification()) {
            if (loss.sparseTargets()) {
                throw new IllegalArgumentException("loss " + loss + " needs class labels but data set '" + data.name() + "' is a regression set");
            }
            return regressionTargets(data, out, loss);
        }
        if (data.isClassification()) {
            int k = data.numClasses();
            if (loss.sparseTargets()) {
                requireOutputs(out, k, data, loss);
                return new Targets(data.targets(), 1);
            }
            if (out == 1 && k == 2) { // binary: the label itself, 0 or 1
                return new Targets(data.targets(), 1);
            }
            requireOutputs(out, k, data, loss);
            return new Targets(data.oneHotTargets(), k);
        }
        return regressionTargets(data, out, loss);
    }

    private static Targets regressionTargets(Dataset data, int out, Loss loss) {
        if (data.targetWidth() != out) {
            throw new IllegalArgumentException("data set '" + data.name() + "' has " + data.targetWidth() + " target values per sample but the model has "
                    + out + " outputs (loss " + loss + ")");
        }
        return new Targets(data.targets(), out);
    }

    private static void requireOutputs(int out, int classes, Dataset data, Loss loss) {
        if (out != classes) {
            throw new IllegalArgumentException("data set '" + data.name() + "' has " + classes + " classes (labels 0.." + (classes - 1)
                    + ") but the model has " + out + " outputs; loss " + loss + " needs one output per class");
        }
    }
}
