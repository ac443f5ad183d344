package dev.myelin.spark;

import java.io.Serializable;

/**
 * Where one partition's training stands after a round: the epoch and next batch of the partition's own epochs,
 * the optimiser steps taken, and the sums of its epoch in progress (loss sum, correct count, samples seen).
 */
record PartitionPosition(int epoch, int batch, long step, double[] epochSums) implements Serializable {
}
