package dev.myelin.e2e;

import dev.myelin.backend.Backend;
import dev.myelin.data.Dataset;
import dev.myelin.data.Synthetic;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.Sgd;
import dev.myelin.schedule.ReduceOnPlateau;
import dev.myelin.schedule.Schedule;
import dev.myelin.schedule.Schedules;
import dev.myelin.train.History;
import dev.myelin.train.Trainer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Schedules driven by the trainer: the recorded learning rate is the schedule's, and plateau reacts to metrics. */
class ScheduleTrainingTest {
    private static final Dataset MOONS = Synthetic.twoMoons(200, 0.2, 9);

    private static ModelSpec net() {
        return ModelSpec.builder(2).dense(8, Activation.tanh()).output(2, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
    }

    @Test
    void warmupThenCosineSetsTheRateOfEveryEpoch() {
        Schedule schedule = Schedules.parse("warmup:2+cosine:T=6");
        try (Backend f64 = Backends.cpu64(); Model model = Model.create(net(), f64, 1)) {
            History history = Trainer.builder().epochs(8).batchSize(50).optimizer(Sgd.momentum(0.1, 0.9)).schedule(schedule).build()
                    .fit(model, MOONS);
            double[] lr = history.get("lr");
            for (int e = 0; e < 8; e++) {
                double expected = e < 2 ? 0.1 * (1.0 / 3 + (1 - 1.0 / 3) * e / 2) : 0.1 * (1 + Math.cos(Math.PI * (e - 2) / 6)) / 2;
                assertThat(lr[e]).as("epoch %d", e).isCloseTo(expected, within(1e-15));
            }
        }
    }

    @Test
    void reduceOnPlateauCutsTheRateWhenTheMonitoredLossStalls() {
        ReduceOnPlateau plateau = (ReduceOnPlateau) Schedules.parse("plateau:monitor=loss,factor=0.5,patience=0");
        try (Backend f64 = Backends.cpu64(); Model model = Model.create(net(), f64, 1)) {
            // a rate so large that the training loss cannot keep falling every epoch
            History history = Trainer.builder().epochs(30).batchSize(200).optimizer(Sgd.plain(5.0)).schedule(plateau).build().fit(model, MOONS);
            double[] lr = history.get("lr");
            double[] loss = history.get("loss");
            for (int e = 1; e < lr.length; e++) {
                // the rate of epoch e was set by the loss of epoch e−1 compared with the best before it
                assertThat(lr[e]).isIn(lr[e - 1], lr[e - 1] / 2);
            }
            assertThat(lr[lr.length - 1]).isLessThan(5.0);
            assertThat(loss[loss.length - 1]).isLessThan(loss[0]);
        }
    }

    @Test
    void aScheduleThatReachesZeroWithinTheRunIsRejectedBeforeTraining() {
        try (Backend f64 = Backends.cpu64(); Model model = Model.create(net(), f64, 1)) {
            Trainer t = Trainer.builder().epochs(10).optimizer(Sgd.plain(0.1)).schedule(Schedules.parse("cosine:T=5")).build();
            assertThatThrownBy(() -> t.fit(model, MOONS)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cosine annealing reaches min = 0 at t = T = 5");
        }
    }
}
