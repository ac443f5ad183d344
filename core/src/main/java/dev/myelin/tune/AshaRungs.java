package dev.myelin.tune;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The scores each ASHA rung has seen and which trials it has promoted. Not thread-safe: the search guards it. */
final class AshaRungs {
    private final List<Integer> epochs;
    private final int reduction;
    private final Direction direction;
    private final List<List<double[]>> scores = new ArrayList<>();   // per rung: {trial id, score}
    private final List<Set<Integer>> promoted = new ArrayList<>();

    AshaRungs(List<Integer> epochs, int reduction, Direction direction) {
        this.epochs = List.copyOf(epochs);
        this.reduction = reduction;
        this.direction = direction;
        for (int i = 0; i < epochs.size(); i++) {
            scores.add(new ArrayList<>());
            promoted.add(new HashSet<>());
        }
    }

    /** The rung that ends at {@code epoch}, or -1. */
    int rungAt(int epoch) {
        return epochs.indexOf(epoch);
    }

    void record(int rung, int trial, double score) {
        scores.get(rung).add(new double[] {trial, score});
    }

    /** Marks a trial as not promotable from {@code rung} (it already went on, or it is finished). */
    void retire(int rung, int trial) {
        promoted.get(rung).add(trial);
    }

    /**
     * The best trial, among those {@code waiting}, that is in the top {@code 1/reduction} of its rung and not yet promoted,
     * looking at the highest rung first; -1 when none.
     */
    int promotable(Set<Integer> waiting) {
        for (int r = epochs.size() - 1; r >= 0; r--) {
            List<double[]> seen = new ArrayList<>(scores.get(r));
            seen.sort((a, b) -> direction.compare(a[1], b[1]) != 0 ? direction.compare(a[1], b[1]) : Double.compare(a[0], b[0]));
            int top = seen.size() / reduction;
            for (int i = 0; i < top; i++) {
                int id = (int) seen.get(i)[0];
                if (!promoted.get(r).contains(id) && waiting.contains(id) && Double.isFinite(seen.get(i)[1])) {
                    return id;
                }
            }
        }
        return -1;
    }
}
