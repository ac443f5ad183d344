package dev.myelin.cli;

import dev.myelin.optim.Optimizer;
import dev.myelin.optim.Optimizers;
import dev.myelin.optim.fullbatch.Minimizer;
import dev.myelin.optim.fullbatch.Minimizers;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The value of {@code --optimizer}: a mini-batch optimiser ({@link Optimizers}: {@code adamw:lr=1e-3,wd=0.01}), built
 * once the learning rate of {@code --lr} is known, or a full-batch method ({@link Minimizers}: {@code lbfgs:max_iter=200}).
 * Every setting is checked when the text is read. Immutable.
 *
 * @param text       the value as written
 * @param name       the name before the first separator, lower-cased: {@code adam} of {@code adam:lr=1e-3}
 * @param fullBatch  the full-batch method, or null for a mini-batch optimiser
 */
record OptimizerRecipe(String text, String name, Minimizer fullBatch) {
    private static final Pattern LR_KEY = Pattern.compile("(^|[:,])\\s*(lr|learning_rate)\\s*=", Pattern.CASE_INSENSITIVE);

    /** Reads {@code text}; an unknown name or key or a setting out of range is an {@link IllegalArgumentException}. */
    static OptimizerRecipe parse(String text) {
        String name = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).split("[:,]", 2)[0];
        if (Minimizers.NAMES.contains(name)) {
            return new OptimizerRecipe(text, name, Minimizers.parse(text));
        }
        Optimizers.parse(text);   // every setting checked now; built again with --lr by optimizer(double)
        return new OptimizerRecipe(text, name, null);
    }

    /** Whether this is a full-batch method (lbfgs, cg) rather than a mini-batch optimiser. */
    boolean isFullBatch() {
        return fullBatch != null;
    }

    /** Whether the text gives the learning rate itself ({@code lr=} or {@code learning_rate=}). */
    boolean setsLearningRate() {
        return LR_KEY.matcher(text).find();
    }

    /** The mini-batch optimiser, with {@code learningRate} unless the text gives one; a new one on every call. */
    Optimizer optimizer(double learningRate) {
        if (isFullBatch()) {
            throw new IllegalStateException(name + " is a full-batch method, not a mini-batch optimizer");
        }
        return Optimizers.parse(text, learningRate);
    }

    /** The converter of {@code --optimizer}. */
    static final class Converter extends OptionLanguage<OptimizerRecipe> {
        Converter() {
            super(OptimizerRecipe::parse);
        }
    }
}
