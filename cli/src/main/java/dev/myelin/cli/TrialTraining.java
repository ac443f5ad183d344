package dev.myelin.cli;

import dev.myelin.backend.Backend;
import dev.myelin.data.Dataset;
import dev.myelin.data.Fold;
import dev.myelin.data.KFold;
import dev.myelin.data.NormalizerParams;
import dev.myelin.data.Split;
import dev.myelin.data.augment.Augmenter;
import dev.myelin.model.Model;
import dev.myelin.train.Callback;
import dev.myelin.train.Evaluation;
import dev.myelin.train.Evaluator;
import dev.myelin.train.History;
import dev.myelin.train.Trainer;
import dev.myelin.train.TrainingContext;
import dev.myelin.tune.Direction;
import dev.myelin.tune.Objective;
import dev.myelin.tune.TrialConfig;
import dev.myelin.tune.TrialContext;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains a search trial as {@code myelin train} would with the trial's settings, on its own backend, and scores it on the
 * validation split ({@code val_accuracy} or {@code val_loss}) or by k-fold cross-validation over train + validation
 * (the test split is never seen). Thread-safe: every trial builds its own command, data and backend. Serializable (its
 * settings are the command line's arguments), so that Spark can run trials on its executors.
 */
final class TrialTraining implements Objective, Serializable {
    private static final long serialVersionUID = 1L;
    private final List<String> baseArgs;
    private final SearchMetric metric;
    private final int folds;

    /** {@code folds}: 0 for the validation split, else k ≥ 2. */
    TrialTraining(List<String> baseArgs, SearchMetric metric, int folds) {
        this.baseArgs = List.copyOf(baseArgs);
        if (folds == 1 || folds < 0) {
            throw new IllegalArgumentException("--folds must be 0 (score on the validation split) or at least 2, got " + folds);
        }
        this.metric = metric;
        this.folds = folds;
    }

    Direction direction() {
        return metric.direction();
    }

    /** The train command of a trial's settings. */
    TrainCommand command(Map<String, Object> params) {
        return TrainArgs.parse(baseArgs, params);
    }

    @Override
    public double run(TrialConfig config, TrialContext context) {
        TrainCommand command = command(config.params());
        if (command.optimization.isFullBatch()) {
            throw new IllegalArgumentException("full-batch optimisers (lbfgs, cg) train without epochs and cannot be searched; use sgd, adam, …");
        }
        if (folds == 0) {
            try (Trained trial = train(command, context.threads(), split(command), reporter(context))) {
                return trial.diverged() ? Double.NaN : score(trial.evaluate(trial.split().validation()));
            }
        }
        double sum = 0;
        Split whole = split(command);
        Dataset pool = union(whole.train(), whole.validation());
        KFold kfold = pool.isClassification() ? KFold.stratified(folds, command.splitting.seed) : new KFold(folds, command.splitting.seed);
        for (Fold fold : kfold.folds(pool)) {
            try (Trained trial = train(command, context.threads(), new Split(fold.train(), fold.validation(), null), null)) {
                if (trial.diverged()) {
                    return Double.NaN;
                }
                sum += score(trial.evaluate(trial.split().validation()));   // the fold's validation part, normalised
            }
        }
        double mean = sum / folds;
        context.report(command.optimization.epochs, mean);
        return mean;
    }

    private double score(Evaluation e) {
        return metric.of(e);
    }

    /** Reports each epoch's validation metric, and stops training when the search prunes the trial. */
    private Callback reporter(TrialContext context) {
        return new Callback() {
            @Override
            public void onEpochEnd(TrainingContext training, int epoch, Map<String, Double> metrics) {
                Double value = metrics.get(metric.historyName());
                if (!context.report(epoch + 1, value == null ? Double.NaN : value)) {
                    training.requestStop("pruned by the search after " + (epoch + 1) + " epochs");
                }
            }
        };
    }

    /** The train/validation/test split and data of a command, before normalisation. */
    static Split split(TrainCommand command) {
        return command.splitting.apply(command.data.load(command.splitting.seed));
    }

    /**
     * Trains {@code command}'s model on {@code parts} (normalised as the command says, fitted on {@code parts.train()}),
     * with {@code threads} CPU threads and the extra callbacks; the caller closes the result.
     */
    static Trained train(TrainCommand command, int threads, Split parts, Callback first, Callback... more) {
        NormalizerParams normalizer = command.normalize.fit(parts);
        Split scaled = normalizer == null ? parts : normalizer.transform(parts);
        Dataset all = parts.train();
        Augmenter augmenter = command.augmenter(all, normalizer);
        Backend backend = command.device.open(threads, message -> { }).backend();
        Model model = null;
        try {
            model = Model.create(command.modelSpec(all.featureCount(), all.isClassification() ? all.numClasses() : 0, all.targetWidth()),
                    backend, command.splitting.seed);
            model.setInputNormalizer(normalizer);   // so that predict and a saved file take raw features
            if (all.isClassification() && !all.classNames().isEmpty()) {
                model.setClassNames(all.classNames());
            }
            Trainer.Builder builder = command.trainerBuilder(scaled, augmenter);
            List<Callback> callbacks = new ArrayList<>();
            if (first != null) {
                callbacks.add(first);
            }
            callbacks.addAll(List.of(more));
            callbacks.forEach(builder::callback);
            History history = builder.build().fit(model, scaled.train(), scaled.validation());
            return new Trained(backend, model, scaled, parts, history);
        } catch (RuntimeException | Error e) {
            if (model != null) {
                model.close();
            }
            backend.close();
            throw e;
        }
    }

    /**
     * A trained model (with its input normaliser set, so {@link Model#predict} takes raw features), its backend, the
     * normalised split it saw, the raw split, and its history. Closing frees the model and the backend.
     */
    record Trained(Backend backend, Model model, Split split, Split raw, History history) implements AutoCloseable {
        boolean diverged() {
            return history.stopReason().map(r -> r.contains("loss became")).orElse(false);
        }

        Evaluation evaluate(Dataset data) {
            return Evaluator.evaluate(model, data);
        }

        @Override
        public void close() {
            model.close();
            backend.close();
        }
    }

    private static Dataset union(Dataset a, Dataset b) {
        double[] features = new double[a.features().length + b.features().length];
        System.arraycopy(a.features(), 0, features, 0, a.features().length);
        System.arraycopy(b.features(), 0, features, a.features().length, b.features().length);
        double[] targets = new double[a.targets().length + b.targets().length];
        System.arraycopy(a.targets(), 0, targets, 0, a.targets().length);
        System.arraycopy(b.targets(), 0, targets, a.targets().length, b.targets().length);
        return Dataset.fromFlat(a.name() + "+" + b.name(), features, a.featureCount(), targets, a.targetWidth(), a.numClasses());
    }
}
