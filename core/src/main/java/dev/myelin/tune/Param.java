package dev.myelin.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One dimension of a {@link SearchSpace}: a named training setting and the values it may take.
 * Immutable and thread-safe.
 */
public sealed interface Param permits Param.Categorical, Param.IntRange, Param.FloatRange {

    /** The setting's name, e.g. {@code lr} or {@code hidden}. */
    String name();

    /** One value drawn from {@code random}: uniform over the choices, the integers, or the interval (its logarithm when log-scaled). */
    Object sample(SplittableRandom random);

    /** The values a grid search visits, in order. */
    List<Object> gridValues();

    /** Whether the values are numbers, so that a chart can place them on an axis. */
    boolean numeric();

    /** A list of values (strings, numbers, booleans), drawn with equal probability. */
    record Categorical(String name, List<Object> values) implements Param {
        public Categorical {
            Objects.requireNonNull(name, "name");
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException("parameter '" + name + "' needs at least one value");
            }
            values = List.copyOf(values);
        }

        @Override
        public Object sample(SplittableRandom random) {
            return values.get(random.nextInt(values.size()));
        }

        @Override
        public List<Object> gridValues() {
            return values;
        }

        @Override
        public boolean numeric() {
            return values.stream().allMatch(v -> v instanceof Number);
        }
    }

    /**
     * Integers in {@code [low, high]}; with {@code log}, drawn uniformly in log space (batch sizes, widths).
     * A grid visits {@code low, low+step, …} (linear) or {@code low, low·2, low·4, …} (log), and {@code high}.
     */
    record IntRange(String name, int low, int high, int step, boolean log) implements Param {
        public IntRange {
            Objects.requireNonNull(name, "name");
            if (low > high || step < 1 || (log && low < 1)) {
                throw new IllegalArgumentException("parameter '" + name + "': integer range [" + low + ", " + high + "] with step " + step
                        + (log ? " on a log scale" : "") + " is empty or invalid (need low <= high, step >= 1, low >= 1 on a log scale)");
            }
        }

        @Override
        public Object sample(SplittableRandom random) {
            if (!log) {
                return low + step * random.nextInt((high - low) / step + 1);
            }
            double v = Math.exp(Math.log(low) + random.nextDouble() * (Math.log(high + 1.0) - Math.log(low)));
            return Math.min(high, (int) Math.floor(v));
        }

        @Override
        public List<Object> gridValues() {
            List<Object> out = new ArrayList<>();
            for (long v = low; v <= high; v = log ? v * 2 : v + step) {
                out.add((int) v);
            }
            if (!out.get(out.size() - 1).equals(high)) {
                out.add(high);
            }
            return out;
        }

        @Override
        public boolean numeric() {
            return true;
        }
    }

    /** Reals in {@code [low, high]}; with {@code log}, uniform in log space (learning rates, penalties). A grid takes {@code gridPoints} evenly spaced values. */
    record FloatRange(String name, double low, double high, boolean log, int gridPoints) implements Param {
        public FloatRange {
            Objects.requireNonNull(name, "name");
            if (!(low <= high) || gridPoints < 1 || (log && !(low > 0))) {
                throw new IllegalArgumentException("parameter '" + name + "': range [" + low + ", " + high + "]"
                        + (log ? " on a log scale" : "") + " with " + gridPoints + " grid points is invalid (need low <= high, low > 0 on a log scale, at least one point)");
            }
        }

        @Override
        public Object sample(SplittableRandom random) {
            double u = random.nextDouble();
            return log ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
        }

        @Override
        public List<Object> gridValues() {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < gridPoints; i++) {
                double t = gridPoints == 1 ? 0.5 : (double) i / (gridPoints - 1);
                out.add(log ? Math.exp(Math.log(low) + t * (Math.log(high) - Math.log(low))) : low + t * (high - low));
            }
            return out;
        }

        @Override
        public boolean numeric() {
            return true;
        }
    }
}
