package dev.myelin.report;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.cpu.CpuBackendProvider;
import dev.myelin.data.EmbeddedData;
import dev.myelin.data.Split;
import dev.myelin.data.Splits;
import dev.myelin.data.StandardScaler;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.Sgd;
import dev.myelin.schedule.Schedules;
import dev.myelin.train.Evaluation;
import dev.myelin.train.Evaluator;
import dev.myelin.train.History;
import dev.myelin.train.Trainer;
import dev.myelin.train.TrainingMonitor;
import dev.myelin.tune.Param;
import dev.myelin.tune.SearchResults;
import dev.myelin.tune.SearchSpace;
import dev.myelin.tune.TrialResult;
import dev.myelin.tune.TrialStatus;
import dev.myelin.tune.Direction;

import java.util.List;
import java.util.Map;

/** A short training run on the digits and a small made-up search, for the report tests. */
final class ReportFixture {
    private ReportFixture() {
    }

    /** 64-32-10 on the digits, 12 epochs of momentum SGD with a cosine schedule, monitored. */
    static TrainingRun digitsRun() {
        Split split = Splits.stratified(EmbeddedData.digits(), 0.70, 0.15, 0.15, 42);
        Split scaled = new StandardScaler().fit(split.train()).transform(split);
        ModelSpec spec = ModelSpec.builder(64).dense(32, Activation.relu()).output(10, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
        try (Backend cpu = new CpuBackendProvider().open(DType.FLOAT64, new BackendOptions(1)); Model model = Model.create(spec, cpu, 42)) {
            StepRecorder steps = new StepRecorder();
            History history = Trainer.builder().epochs(12).batchSize(32).seed(42).optimizer(Sgd.momentum(0.05, 0.9))
                    .schedule(Schedules.parse("cosine:T=12")).callback(new TrainingMonitor(scaled.train())).callback(steps).build()
                    .fit(model, scaled.train(), scaled.validation());
            Evaluation test = Evaluator.evaluate(model, scaled.test());
            return new TrainingRun("Digits, 64-32-10", history, steps.learningRates(), test.confusion(),
                    model.summary() + "\ntest accuracy " + test.accuracy());
        }
    }

    static SearchSpace space() {
        return new SearchSpace(List.of(new Param.FloatRange("lr", 1e-3, 1, true, 3), new Param.Categorical("hidden", List.of("32:relu", "64:tanh"))));
    }

    static SearchResults results() {
        return new SearchResults(List.of(
                new TrialResult(0, Map.of("lr", 0.01, "hidden", "32:relu"), TrialStatus.COMPLETE, 0.95, 12, 1.5, ""),
                new TrialResult(1, Map.of("lr", 0.1, "hidden", "64:tanh"), TrialStatus.COMPLETE, 0.97, 12, 1.4, ""),
                new TrialResult(2, Map.of("lr", 0.002, "hidden", "64:tanh"), TrialStatus.PRUNED, 0.6, 1, 0.2, "pruned after 1 epochs"),
                new TrialResult(3, Map.of("lr", 0.9, "hidden", "32:relu"), TrialStatus.DIVERGED, Double.NaN, 3, 0.3, "the score became NaN")),
                Direction.MAXIMIZE, 12);
    }
}
