package dev.myelin.cli;

import static dev.myelin.util.ArgumentChecks.atLeast;
import static dev.myelin.util.ArgumentChecks.positive;

import dev.myelin.optim.Optimizer;
import dev.myelin.schedule.Schedule;
import picocli.CommandLine.Option;

/**
 * How {@code myelin train} (and so every search trial) optimises ({@code @Mixin}): the epochs, the mini-batch size, the
 * optimiser with its learning rate, and the learning-rate schedule. The options left out take the data set's defaults
 * ({@link #resolveDefaults}); {@link #validate()} checks their ranges before anything is loaded.
 */
final class OptimizationOptions {

    @Option(names = "--epochs", description = "Epochs, >= 1 (default: 30; fashion-mnist: 10). Not with the full-batch lbfgs and cg.")
    Integer epochs;

    @Option(names = "--batch-size", defaultValue = "32", description = "Mini-batch size, >= 1; 1 = stochastic GD, the training-set size = batch GD (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--optimizer", converter = OptimizerRecipe.Converter.class, description = "Optimiser as name[:key=value,...]: sgd, momentum, nesterov, ema, adagrad, adadelta, rmsprop, adam, adamw, nadam, or the full-batch lbfgs and cg (small models; they take no --epochs, --lr, --schedule, --batch-size, --augment, --early-stopping or clipping); e.g. adamw:lr=1e-3,wd=0.01 or rmsprop:centered,momentum=0.9 (default: momentum; spirals: adam).")
    OptimizerRecipe optimizer;

    @Option(names = "--lr", description = "Learning rate, finite and > 0, when the --optimizer specification gives no lr (default: 0.05; spirals: 0.01).")
    Double learningRate;

    @Option(names = "--schedule", defaultValue = "constant", converter = ScheduleRecipe.Converter.class, description = "Learning-rate schedule, e.g. constant, step:s=10,gamma=0.5, cosine:T=30, warmup:3+cosine:T=27, onecycle, plateau:factor=0.5,patience=3 (default: ${DEFAULT-VALUE}). onecycle without settings runs over epochs × batches.")
    ScheduleRecipe schedule;

    /** Fills the options left out with {@code defaults}, those of the chosen data set. */
    void resolveDefaults(DataChoice.Defaults defaults) {
        optimizer = optimizer != null ? optimizer : defaults.optimizer();
        learningRate = learningRate != null ? learningRate : defaults.learningRate();
        epochs = epochs != null ? epochs : defaults.epochs();
    }

    /** Every value in range (after {@link #resolveDefaults}); the optimiser and schedule were checked when they were read. */
    void validate() {
        atLeast("--epochs", epochs, 1);
        atLeast("--batch-size", batchSize, 1);
        positive("--lr", learningRate);
        if (!isFullBatch()) {
            optimizer();   // with --lr
        }
    }

    /** Whether {@code --optimizer} names a full-batch method (lbfgs, cg) rather than a mini-batch optimiser. */
    boolean isFullBatch() {
        return optimizer.isFullBatch();
    }

    /** The mini-batch optimiser; {@code --lr} is its learning rate unless the specification gives one. */
    Optimizer optimizer() {
        return optimizer.optimizer(learningRate);
    }

    /** A new schedule; {@code onecycle} without settings runs over every step of the run, epochs × batches of {@code trainSize}. */
    Schedule schedule(int trainSize) {
        return schedule.schedule((long) epochs * ((trainSize + batchSize - 1) / batchSize));
    }
}
