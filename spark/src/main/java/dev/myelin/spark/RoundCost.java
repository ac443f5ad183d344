package dev.myelin.spark;

/**
 * What one round of parameter averaging cost, measured on the driver. Immutable.
 *
 * @param round          0-based round number
 * @param epoch          0-based epoch the round belongs to
 * @param steps          mini-batches each partition trained
 * @param seconds        wall time of the round on the driver: broadcast, the partitions' training, {@code treeAggregate}
 * @param slowestSeconds the longest time one partition's task spent (opening its backend and model, training, copying out)
 * @param bytes          bytes of parameters and states broadcast to each executor (about the same travel back per partition)
 */
public record RoundCost(int round, int epoch, int steps, double seconds, double slowestSeconds, long bytes) {
}
