package dev.myelin.spark;

import dev.myelin.backend.Backend;
import dev.myelin.data.Dataset;
import dev.myelin.data.Split;
import dev.myelin.model.Model;
import dev.myelin.optim.Adam;
import dev.myelin.train.Evaluator;
import dev.myelin.train.History;
import dev.myelin.train.Trainer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Parameter averaging on {@code local[2]}: one partition equals single-machine training bit for bit (K = an epoch and
 * K that cuts epochs mid-way); two partitions are repeatable and reach the single-machine test accuracy, at most one point
 * below it, after the same epochs.
 */
class ParameterAveragingTest {
    private static final int EPOCHS = 4;
    /** Adam 0.01, batch 32, seed 11, shuffled: the run both sides train. */
    private static final TrainerRecipe RECIPE = () -> Trainer.builder().epochs(EPOCHS).batchSize(32).seed(11).optimizer(Adam.of(0.01));
    private static JavaSparkContext spark;
    private static Split data;
    private static double[] single;
    private static History singleHistory;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainOnOneMachine() {
        spark = LocalSpark.context();
        data = DigitsRun.data();
        try (Backend backend = DigitsRun.cpu(); Model model = DigitsRun.model(backend)) {
            singleHistory = RECIPE.create().build().fit(model, data.train(), data.validation());
            single = model.parametersToHost();
        }
    }

    private static Run averaged(int partitions, int k, Path checkpoints) {
        return averaged(RECIPE, partitions, k, checkpoints);
    }

    private static Run averaged(TrainerRecipe recipe, int partitions, int k, Path checkpoints) {
        JavaRDD<Dataset> rdd = DataPartitions.fromDriver(spark, data.train(), partitions);
        try (Backend backend = DigitsRun.cpu(); Model model = DigitsRun.model(backend)) {
            AveragingResult result = ParameterAveraging.builder(recipe).backend("cpu").threadsPerTask(1).stepsPerRound(k)
                    .checkpointDir(checkpoints).build().fit(spark, model, rdd, data.validation());
            return new Run(model.parametersToHost(), result, Evaluator.evaluate(model, data.test()).accuracy());
        } finally {
            rdd.unpersist(true);
        }
    }

    private record Run(double[] parameters, AveragingResult result, double testAccuracy) {
    }

    @Test
    void onePartitionWithAnEpochPerRoundEqualsSingleMachineTrainingBitForBit() {
        int stepsPerEpoch = (data.train().size() + 31) / 32;
        Run run = averaged(1, stepsPerEpoch, dir);
        assertThat(DigitsRun.sha256(run.parameters())).isEqualTo(DigitsRun.sha256(single));
        assertThat(run.result().rounds()).hasSize(EPOCHS);
        History h = run.result().history();
        assertThat(h.get("val_loss")).isEqualTo(singleHistory.get("val_loss"));
        assertThat(h.get("val_accuracy")).isEqualTo(singleHistory.get("val_accuracy"));
        assertThat(dir.resolve("last.myelin")).exists();
        assertThat(dir.resolve("best.myelin")).exists();
    }

    @Test
    void onePartitionWithRoundsThatCutEpochsEqualsSingleMachineTrainingBitForBit() {
        int stepsPerEpoch = (data.train().size() + 31) / 32;
        Run run = averaged(1, 7, null);
        assertThat(DigitsRun.sha256(run.parameters())).isEqualTo(DigitsRun.sha256(single));
        assertThat(run.result().rounds()).hasSize(EPOCHS * ((stepsPerEpoch + 6) / 7));
    }

    @Test
    void twoPartitionsWithAFixedPartitioningAndSeedAreRepeatable() {
        Run first = averaged(2, 5, null);
        Run second = averaged(2, 5, null);
        assertThat(DigitsRun.sha256(second.parameters())).isEqualTo(DigitsRun.sha256(first.parameters()));
        assertThat(DigitsRun.sha256(first.parameters())).isNotEqualTo(DigitsRun.sha256(single));
        assertThat(second.result().history().get("val_loss")).isEqualTo(first.result().history().get("val_loss"));
    }

    @Test
    void twoPartitionsReachTheSingleMachineTestAccuracyWithinOnePointAfterTheSameEpochs() {
        int epochs = 20;
        TrainerRecipe longer = () -> Trainer.builder().epochs(epochs).batchSize(32).seed(11).optimizer(Adam.of(0.01));
        double alone;
        try (Backend backend = DigitsRun.cpu(); Model model = DigitsRun.model(backend)) {
            longer.create().build().fit(model, data.train(), data.validation());
            alone = Evaluator.evaluate(model, data.test()).accuracy();
        }
        Run two = averaged(longer, 2, 10, null);
        System.out.printf("digits test accuracy after %d epochs: single machine %.4f, 2 partitions (K = 10) %.4f, %.3f s per round%n", epochs,
                alone, two.testAccuracy(), two.result().meanRoundSeconds());
        assertThat(alone).isGreaterThan(0.95);
        assertThat(two.testAccuracy()).as("within one point of one machine, either side").isCloseTo(alone, within(0.01));
    }

    @Test
    void earlyStoppingOnTheDriverRestoresTheBestEpochsParameters() {
        TrainerRecipe tooFast = () -> Trainer.builder().epochs(30).batchSize(32).seed(11).optimizer(Adam.of(0.05));
        JavaRDD<Dataset> rdd = DataPartitions.fromDriver(spark, data.train(), 2);
        try (Backend backend = DigitsRun.cpu(); Model model = DigitsRun.model(backend)) {
            History h = ParameterAveraging.builder(tooFast).backend("cpu").stepsPerRound(10).earlyStopping("val_loss", 2).build()
                    .fit(spark, model, rdd, data.validation()).history();
            assertThat(h.stopReason()).get().asString().startsWith("early stopping: val_loss did not improve for 2 epochs");
            assertThat(h.epochs()).isLessThan(30);
            double best = java.util.Arrays.stream(h.get("val_loss")).min().orElseThrow();
            assertThat(Evaluator.evaluate(model, data.validation()).loss()).isEqualTo(best);
        } finally {
            rdd.unpersist(true);
        }
    }
}
