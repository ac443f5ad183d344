package dev.myelin.cli;

import picocli.CommandLine.ITypeConverter;

import java.util.function.Function;

/**
 * One of the small option languages as a picocli converter, named on its option ({@code converter = ...}) so that the
 * command's field holds what the text means: {@code --optimizer} an {@link OptimizerRecipe}, {@code --schedule} a
 * {@link ScheduleRecipe}, {@code --hidden} {@link HiddenLayers}, {@code --augment} an {@link ImageAugmentation},
 * {@code --split} {@link SplitPercentages} (each type holds its converter), search's {@code --param} a
 * {@link dev.myelin.tune.Param} ({@link ParamOption}), {@code --loss} a {@link dev.myelin.loss.Loss} ({@link NetworkOptions}) and
 * {@code --output-activation} a {@link dev.myelin.nn.Activation} ({@link GradcheckCommand}). Each language is read by its
 * own code (over core's {@link dev.myelin.util.OptionSpec} where it has names and settings); a text it rejects fails the parse with an
 * {@link OptionValueException} (exit 1 and the language's message). Stateless.
 *
 * @param <T> what the language's text describes
 */
abstract class OptionLanguage<T> implements ITypeConverter<T> {
    private final Function<String, T> reader;

    /** {@code reader} reads a text, throwing {@link IllegalArgumentException} with its message for one it rejects. */
    OptionLanguage(Function<String, T> reader) {
        this.reader = reader;
    }

    @Override
    public final T convert(String text) {
        try {
            return reader.apply(text);
        } catch (IllegalArgumentException e) {
            throw new OptionValueException(e);
        }
    }
}
