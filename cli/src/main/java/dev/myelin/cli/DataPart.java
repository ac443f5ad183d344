package dev.myelin.cli;

import dev.myelin.data.Dataset;

import java.util.function.Supplier;

/** {@code myelin evaluate --part}: which part of the data set to evaluate on. */
enum DataPart {
    TEST,
    VALIDATION,
    TRAIN,
    ALL;

    /** This part of {@code loaded}; {@code split} makes the train/validation/test split (called unless this is {@link #ALL}). */
    Dataset of(LoadedData loaded, Supplier<dev.myelin.data.Split> split) {
        return switch (this) {
            case ALL -> loaded.data();
            case TRAIN -> split.get().train();
            case VALIDATION -> split.get().validation();
            case TEST -> split.get().test();
        };
    }

    /** The command-line names, for the help. */
    static final class Names extends Choices.Names<DataPart> {
        Names() {
            super(DataPart.class);
        }
    }
}
