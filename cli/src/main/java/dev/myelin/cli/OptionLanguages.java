package dev.myelin.cli;

import dev.myelin.loss.Loss;
import dev.myelin.nn.Activation;
import picocli.CommandLine.ITypeConverter;

import java.util.function.Function;

/**
 * The small option languages as picocli converters, each named on its options ({@code converter = ...}) so that the
 * commands' fields hold what the text means: {@code --optimizer} an {@link OptimizerRecipe}, {@code --schedule} a
 * {@link ScheduleRecipe}, {@code --loss} a {@link Loss}, an activation an {@link Activation}, {@code --hidden}
 * {@link HiddenLayers} and {@code --augment} an {@link ImageAugmentation}. Each language is read by its own code over
 * core's {@link dev.myelin.util.OptionSpec}; a text it rejects fails the parse with an {@link OptionValueException}
 * (exit 1, the language's message). Stateless.
 */
final class OptionLanguages {

    private OptionLanguages() {
    }

    /** A converter that reads with {@code reader} and turns its {@link IllegalArgumentException} into an {@link OptionValueException}. */
    private abstract static class Language<T> implements ITypeConverter<T> {
        private final Function<String, T> reader;

        Language(Function<String, T> reader) {
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

    /** {@code --optimizer}: {@code adamw:lr=1e-3,wd=0.01}, {@code lbfgs:max_iter=200}. */
    static final class OptimizerConverter extends Language<OptimizerRecipe> {
        OptimizerConverter() {
            super(OptimizerRecipe::parse);
        }
    }

    /** {@code --schedule}: {@code cosine:T=30}, {@code warmup:3+cosine:T=27}. */
    static final class ScheduleConverter extends Language<ScheduleRecipe> {
        ScheduleConverter() {
            super(ScheduleRecipe::parse);
        }
    }

    /** {@code --loss}: {@code huber:2}, {@code cce,smoothing=0.1}. */
    static final class LossConverter extends Language<Loss> {
        LossConverter() {
            super(Loss::parse);
        }
    }

    /** An activation: {@code relu}, {@code leaky_relu:0.2}. */
    static final class ActivationConverter extends Language<Activation> {
        ActivationConverter() {
            super(Activation::parse);
        }
    }

    /** {@code --hidden}: {@code 128:relu,64:tanh} or {@code none}. */
    static final class HiddenConverter extends Language<HiddenLayers> {
        HiddenConverter() {
            super(text -> HiddenLayers.parse("--hidden", text));
        }
    }

    /** {@code --augment}: {@code shift:1,rotate:10,noise:0.5}. */
    static final class AugmentConverter extends Language<ImageAugmentation> {
        AugmentConverter() {
            super(ImageAugmentation::parse);
        }
    }
}
