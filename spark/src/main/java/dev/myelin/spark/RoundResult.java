package dev.myelin.spark;

import java.io.Serializable;
import java.util.HashMap;

/**
 * What partitions give back after a round, summed over the partitions it covers ({@code treeAggregate}'s value): the
 * sums of their parameters, model states and optimiser states, their optimiser step counter (the same for all), where
 * each stands, the sum and count of the mini-batch losses they trained, and the longest training time of one of them.
 * The empty result ({@code partitions == 0}) is the identity of {@link #plus}; the sum of one partition is that
 * partition's own arrays, so that averaging one partition changes no bit.
 */
record RoundResult(int partitions, double[] parameters, double[] modelState, double[] optimizerState, long optimizerSteps,
                   HashMap<Integer, PartitionPosition> positions, double lossSum, int lossCount, double slowestSeconds)
        implements Serializable {

    static RoundResult empty() {
        return new RoundResult(0, new double[0], new double[0], new double[0], 0, new HashMap<>(), 0, 0, 0);
    }

    /** The sum of two results; either one when the other is empty. */
    RoundResult plus(RoundResult other) {
        if (other.partitions == 0) {
            return this;
        }
        if (partitions == 0) {
            return other;
        }
        if (other.optimizerSteps != optimizerSteps) {
            throw new IllegalStateException("partitions took different numbers of optimiser steps (" + optimizerSteps + " and "
                    + other.optimizerSteps + "): every partition must train the same number of mini-batches per round");
        }
        HashMap<Integer, PartitionPosition> all = new HashMap<>(positions);
        all.putAll(other.positions);
        return new RoundResult(partitions + other.partitions, sum(parameters, other.parameters), sum(modelState, other.modelState),
                sum(optimizerState, other.optimizerState), optimizerSteps, all, lossSum + other.lossSum, lossCount + other.lossCount,
                Math.max(slowestSeconds, other.slowestSeconds));
    }

    /** Each sum divided by the number of partitions: the input of the next round (its steps still to be set). */
    RoundInput average() {
        return new RoundInput(divide(parameters), divide(modelState), divide(optimizerState), optimizerSteps, positions, 0);
    }

    private double[] divide(double[] sum) {
        double[] mean = new double[sum.length];
        for (int i = 0; i < sum.length; i++) {
            mean[i] = sum[i] / partitions;
        }
        return mean;
    }

    private static double[] sum(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalStateException("partitions returned arrays of " + a.length + " and " + b.length + " elements");
        }
        double[] s = new double[a.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }
}
