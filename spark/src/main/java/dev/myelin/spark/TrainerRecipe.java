package dev.myelin.spark;

import dev.myelin.train.Trainer;

import java.io.Serializable;

/**
 * Makes the trainer settings of a data-parallel run: optimiser, batch size, schedule, epochs and seed, exactly as for
 * {@code recipe.create().build().fit(model, train, validation)} on one machine. Serializable, so that every executor
 * builds the same trainer; a lambda assigned to this type is serializable when what it captures is.
 *
 * <p>The trainer it makes must have no callbacks and no schedule that keeps state between epochs (reduce-on-plateau):
 * the executors train slices of epochs; validation, early stopping and checkpoints run on the driver
 * ({@link ParameterAveraging.Builder}). Called on the driver and on each executor, once per round; thread-safe.
 */
@FunctionalInterface
public interface TrainerRecipe extends Serializable {

    /** A new builder with every setting of the run. */
    Trainer.Builder create();
}
