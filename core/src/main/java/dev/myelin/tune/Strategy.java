package dev.myelin.tune;

import dev.myelin.util.ArgumentChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** How a search picks its trials and how long each trains. Immutable. */
public sealed interface Strategy permits Strategy.Grid, Strategy.Random, Strategy.Asha {

    /** The trials to run, in order; the same seed gives the same list. */
    List<TrialConfig> plan(SearchSpace space, long seed);

    /** Every point of the grid, each trained for the full epoch budget. */
    record Grid() implements Strategy {
        @Override
        public List<TrialConfig> plan(SearchSpace space, long seed) {
            return numbered(space.grid());
        }
    }

    /** {@code trials} points drawn independently from the space, each trained for the full epoch budget. */
    record Random(int trials) implements Strategy {
        public Random {
            requirePositive(trials);
        }

        @Override
        public List<TrialConfig> plan(SearchSpace space, long seed) {
            return sampled(space, seed, trials);
        }
    }

    /**
     * Asynchronous successive halving (ASHA): {@code trials} random points; each trains until a rung
     * ({@code minEpochs}, {@code minEpochs·reduction}, {@code minEpochs·reduction²}, … below the epoch budget), where it
     * waits. A waiting trial in the best {@code 1/reduction} of the scores its rung has seen so far is promoted (trains on to
     * the next rung) when a worker is free; the others are pruned when no more work remains. With one worker the run is
     * reproducible from the seed; with more, promotions depend on which trial reaches a rung first.
     */
    record Asha(int trials, int minEpochs, int reduction) implements Strategy {
        public Asha {
            requirePositive(trials);
            ArgumentChecks.atLeast("ASHA minEpochs", minEpochs, 1);
            ArgumentChecks.atLeast("ASHA reduction factor", reduction, 2);
        }

        @Override
        public List<TrialConfig> plan(SearchSpace space, long seed) {
            return sampled(space, seed, trials);
        }

        /** The rung epochs below {@code maxEpochs}: {@code minEpochs·reduction^k}. */
        public List<Integer> rungs(int maxEpochs) {
            List<Integer> out = new ArrayList<>();
            for (long r = minEpochs; r < maxEpochs; r *= reduction) {
                out.add((int) r);
            }
            return out;
        }
    }

    private static void requirePositive(int trials) {
        ArgumentChecks.atLeast("the number of trials", trials, 1);
    }

    private static List<TrialConfig> sampled(SearchSpace space, long seed, int trials) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Map<String, Object>> points = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            points.add(space.sample(random));
        }
        return numbered(points);
    }

    private static List<TrialConfig> numbered(List<Map<String, Object>> points) {
        List<TrialConfig> out = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            out.add(new TrialConfig(i, points.get(i)));
        }
        return out;
    }
}
