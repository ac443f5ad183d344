package dev.myelin.cli;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.cpu.CpuBackend;
import dev.myelin.data.Dataset;
import dev.myelin.ensemble.Ensemble;
import dev.myelin.ensemble.EnsembleFile;
import dev.myelin.tune.Param;
import dev.myelin.tune.Search;
import dev.myelin.tune.SearchResults;
import dev.myelin.tune.SearchSpace;
import dev.myelin.tune.Strategy;
import dev.myelin.tune.TrialResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The top five trials of a random search on the digits, averaged: better than their mean, close to their best. */
class EnsembleDigitsTest {

    @Test
    void topFiveEnsembleBeatsItsMembersMeanAndIsWithinOnePointOfItsBest(@TempDir Path dir) throws Exception {
        TrialTraining training = new TrialTraining(List.of("--data", "digits", "--epochs", "12"), SearchMetric.VAL_ACCURACY, 0);
        SearchSpace space = new SearchSpace(List.of(new Param.FloatRange("lr", 0.005, 0.2, true, 3),
                new Param.Categorical("hidden", List.of("32:relu", "64:relu", "128:relu,64:relu", "64:tanh")),
                new Param.Categorical("dropout", List.of(0.0, 0.1)), new Param.Categorical("batch-size", List.of(16, 32, 64))));
        SearchResults results = Search.builder(space, new Strategy.Random(10), training).maxEpochs(12).workers(2).cores(2).seed(42).build().run();
        List<TrialResult> top = results.top(5);
        assertThat(top).hasSize(5);

        List<TrialTraining.Trained> members = new ArrayList<>();
        try {
            double sum = 0;
            double best = 0;
            for (TrialResult t : top) {
                TrainCommand command = training.command(t.params());
                TrialTraining.Trained member = TrialTraining.train(command, 1, TrialTraining.split(command), null);
                members.add(member);
                double accuracy = member.evaluate(member.split().test()).accuracy();
                sum += accuracy;
                best = Math.max(best, accuracy);
            }
            double mean = sum / top.size();
            Dataset rawTest = members.get(0).raw().test();
            Ensemble ensemble = new Ensemble(members.stream().map(TrialTraining.Trained::model).toList());
            double combined = ensemble.accuracy(rawTest);
            System.out.printf("digits test split (%d samples): ensemble of the top 5 %.4f, members' mean %.4f, best member %.4f%n",
                    rawTest.size(), combined, mean, best);
            assertThat(combined).isGreaterThan(mean);
            assertThat(combined).isGreaterThanOrEqualTo(best - 0.01);

            Path file = dir.resolve("top5.myelin");
            EnsembleFile.save(ensemble, file);
            try (CpuBackend cpu = new CpuBackend(DType.FLOAT32, new BackendOptions(1))) {
                Ensemble loaded = EnsembleFile.load(file, cpu);
                try {
                    assertThat(loaded.members()).hasSize(5);
                    assertThat(loaded.accuracy(rawTest)).isEqualTo(combined);
                    double[] before = ensemble.predict(rawTest.features(), rawTest.size());
                    double[] after = loaded.predict(rawTest.features(), rawTest.size());
                    for (int i = 0; i < before.length; i++) {
                        assertThat(after[i]).isCloseTo(before[i], within(1e-6));
                    }
                } finally {
                    loaded.members().forEach(dev.myelin.model.Model::close);
                }
            }
        } finally {
            members.forEach(TrialTraining.Trained::close);
        }
    }
}
