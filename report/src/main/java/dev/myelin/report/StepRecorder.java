package dev.myelin.report;

import dev.myelin.train.Callback;
import dev.myelin.train.TrainingContext;

import java.util.Arrays;

/**
 * Records the learning rate of every optimiser step, for the report's learning-rate chart. For one training run at a time.
 *
 * <p>Not thread-safe: the trainer calls it on the training thread; read it after {@code fit} returns.
 */
public final class StepRecorder implements Callback {
    private double[] rates = new double[1024];
    private int steps;

    @Override
    public void onTrainStart(TrainingContext context) {
        steps = 0;
    }

    @Override
    public void onBatchEnd(TrainingContext context, int epoch, int batch) {
        if (steps == rates.length) {
            rates = Arrays.copyOf(rates, rates.length * 2);
        }
        rates[steps++] = context.learningRate();
    }

    /** The learning rate of each step so far, {@code [steps]}. */
    public double[] learningRates() {
        return Arrays.copyOf(rates, steps);
    }
}
