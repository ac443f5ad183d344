package dev.myelin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.Backend;
import dev.myelin.data.Dataset;
import dev.myelin.data.Synthetic;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.nn.NamedTensor;
import dev.myelin.optim.Sgd;
import dev.myelin.train.Callback;
import dev.myelin.train.History;
import dev.myelin.train.Trainer;
import dev.myelin.train.TrainingContext;

import java.util.function.LongSupplier;

/**
 * Training runs whose loss turns non-finite, for the non-finite guard's tests on every backend: the same run with the
 * loss read every step, read only at epoch ends, and stopped by a callback just before the step whose loss was not
 * finite; and the device memory a run takes besides the model's.
 */
public final class DivergingRuns {
    /** Inputs x = 1..200 and targets 2x, not normalised: at learning rate 50 the network below overflows in a few steps. */
    private static final Dataset LINE = Synthetic.linear(200, 0.0, 2);
    /** With batch norm, so that the running estimates a forward pass changes are part of what a diverged step must not keep. */
    private static final ModelSpec SPEC = ModelSpec.builder(1).dense(4, Activation.identity()).batchNorm().dense(4, Activation.relu())
            .output(1, Loss.meanSquaredError()).build();

    private DivergingRuns() {
    }

    /**
     * What a run left: the parameters, the batch-norm running estimates, the optimiser steps that ended with
     * {@code onBatchEnd}, and how it stopped.
     */
    public record Outcome(double[] parameters, double[] state, int steps, boolean nonFinite, String stopReason) {
    }

    /**
     * Trains {@link #SPEC} on the line with plain SGD at rate 50, batches of 8 (25 a epoch) for up to 20 epochs, reading the
     * loss every {@code checkInterval} steps; a callback stops the run after {@code stopAfter} steps when it is ≥ 0.
     */
    public static Outcome run(Backend backend, int checkInterval, int stopAfter) {
        int[] steps = {0};
        Callback counter = new Callback() {
            @Override
            public void onBatchEnd(TrainingContext context, int epoch, int batch) {
                steps[0]++;
                if (steps[0] == stopAfter) {
                    context.requestStop("stopped after " + stopAfter + " steps");
                }
            }
        };
        try (Model model = Model.create(SPEC, backend, 2)) {
            History history = Trainer.builder().epochs(20).batchSize(8).seed(2).optimizer(Sgd.plain(50.0)).lossCheckInterval(checkInterval)
                    .callback(counter).build().fit(model, LINE);
            double[] state = new double[model.stateSize()];
            int at = 0;
            for (NamedTensor t : model.stateTensors()) {
                double[] values = new double[t.tensor().size()];
                backend.download(t.tensor(), values, 0);
                System.arraycopy(values, 0, state, at, values.length);
                at += values.length;
            }
            return new Outcome(model.parametersToHost(), state, steps[0], history.lossBecameNonFinite(), history.stopReason().orElse(null));
        }
    }

    /**
     * A run that diverges at step k (its loss read every step) and the same run with the loss read only at epoch ends
     * both end with the parameters and running estimates of the same run stopped after k − 1 steps, bit for bit.
     */
    public static void assertADivergedRunKeepsTheLastFiniteStep(Backend backend) {
        Outcome everyStep = run(backend, 1, -1);
        assertThat(everyStep.nonFinite()).as("the run diverges: " + everyStep.stopReason()).isTrue();
        assertThat(everyStep.stopReason()).contains("the parameters are those of the last step with a finite loss");
        assertThat(everyStep.steps()).as("steps with a finite loss before it").isGreaterThanOrEqualTo(2);
        Outcome epochEnds = run(backend, 1_000_000, -1);
        assertThat(epochEnds.nonFinite()).isTrue();
        assertThat(epochEnds.steps()).as("steps the host ran on after the non-finite loss, before reading it at the epoch's end")
                .isGreaterThan(everyStep.steps());
        Outcome replay = run(backend, 1, everyStep.steps());
        assertThat(replay.nonFinite()).isFalse();
        assertThat(replay.steps()).isEqualTo(everyStep.steps());
        System.out.println("[non-finite guard] " + backend.name() + ": loss non-finite at step " + (everyStep.steps() + 1)
                + ", read at step " + (epochEnds.steps() + 1) + " with epoch-end checks");
        for (double w : replay.parameters()) {
            assertThat(w).isFinite();
        }
        assertThat(everyStep.parameters()).as("parameters, loss read every step").isEqualTo(replay.parameters());
        assertThat(everyStep.state()).as("running estimates, loss read every step").isEqualTo(replay.state());
        assertThat(epochEnds.parameters()).as("parameters, loss read at epoch ends").isEqualTo(replay.parameters());
        assertThat(epochEnds.state()).as("running estimates, loss read at epoch ends").isEqualTo(replay.state());
    }

    /**
     * The device memory a training run holds once it has started ({@code onTrainStart}: batch staging, step scalars,
     * optimiser and guard buffers), less what was live before, for a network of ~67,000 parameters and 512 batch-norm
     * running estimates trained by plain SGD (no optimiser state); {@code liveBytes} reads the backend's live bytes.
     * Asserts it is less than one buffer of the parameters' size and at least the guard's copy of the running estimates.
     */
    public static void assertARunAllocatesNoParameterSizedBuffer(Backend backend, LongSupplier liveBytes) {
        ModelSpec wide = ModelSpec.builder(1).dense(256, Activation.relu()).batchNorm().dense(256, Activation.relu())
                .output(1, Loss.meanSquaredError()).build();
        long[] atStart = {-1};
        Callback probe = new Callback() {
            @Override
            public void onTrainStart(TrainingContext context) {
                atStart[0] = liveBytes.getAsLong();
            }
        };
        try (Model model = Model.create(wide, backend, 3)) {
            long before = liveBytes.getAsLong();
            Trainer.builder().epochs(1).batchSize(8).seed(3).optimizer(Sgd.plain(1e-6)).callback(probe).build().fit(model, LINE);
            long runBytes = atStart[0] - before;
            long parameterBytes = (long) model.parameterCount() * backend.dtype().bytes();
            System.out.println("[non-finite guard] " + backend.name() + ": a run holds " + runBytes + " bytes besides the model; its "
                    + model.parameterCount() + " parameters take " + parameterBytes);
            assertThat(model.parameterCount()).isGreaterThan(60_000);
            assertThat(runBytes).as("bytes a run allocates before its first step").isLessThan(parameterBytes)
                    .isGreaterThanOrEqualTo((long) model.stateSize() * backend.dtype().bytes());
        }
    }
}
