package dev.myelin.schedule;

import dev.myelin.train.Callback;
import dev.myelin.train.History;
import dev.myelin.train.TrainingContext;
import dev.myelin.util.ArgumentChecks;

import java.util.Map;

/**
 * A linear warm-up before another schedule, as PyTorch's {@code LinearLR} followed by the other
 * through {@code SequentialLR}: for t &lt; W, η(t) = η0·(f + (1 − f)·t/W), rising from f·η0 to η0;
 * from t = W on, the schedule after it at t − W.
 *
 * <p>A {@link TimedSchedule} after the warm-up must count t in the same unit. Any other schedule
 * (constant, {@link ReduceOnPlateau}) is asked with the unshifted step and epoch, at every step,
 * warm-up included, so that a stateful one learns η0 from the first step. This class forwards
 * every {@link Callback} hook to the schedule after it when that is a callback, so a trainer that
 * registers the warm-up as a callback drives a reduce-on-plateau inside it; the plateau then sees
 * every epoch's metric, warm-up epochs included.
 *
 * <p>Settings (command line {@code warmup:5+cosine:T=45}, or {@code warmup:W=5,start=0.1+...}):
 * W ≥ 1 ({@code W}, or the first value; required); f in (0, 1] ({@code start}, default 1/3 as
 * PyTorch's {@code LinearLR}; 0 is refused, as it would make the first rate 0); t per epoch
 * (default: that of the schedule after it) or per step ({@code per}).
 *
 * <p>Immutable and thread-safe if the schedule it leads into is (every schedule but {@link ReduceOnPlateau} is).
 */
public record LinearWarmup(long warmup, double startFactor, Schedule then, Per per) implements Schedule, Callback {

    /** PyTorch {@code LinearLR}'s default start factor. */
    public static final double DEFAULT_START_FACTOR = 1.0 / 3;

    public LinearWarmup {
        ArgumentChecks.atLeast("linear warm-up W", warmup, 1);
        ArgumentChecks.inOpenClosedUnitInterval("linear warm-up start factor (start)", startFactor);
        Per.requireGiven("linear warm-up", per);
        if (then == null) {
            throw new IllegalArgumentException("linear warm-up needs a schedule to follow it, e.g. Schedule.constant()");
        }
        if (then instanceof TimedSchedule timed && timed.per() != per) {
            throw new IllegalArgumentException("linear warm-up counts " + per.units() + " but the schedule after it counts "
                    + timed.per().units() + ": give both the same per");
        }
    }

    /** t counted as the schedule after it counts (epochs if it has no t). */
    public LinearWarmup(long warmup, double startFactor, Schedule then) {
        this(warmup, startFactor, then, then instanceof TimedSchedule timed ? timed.per() : Per.EPOCH);
    }

    @Override
    public double rate(double baseRate, long step, int epoch) {
        long t = per.t(step, epoch);
        if (then instanceof TimedSchedule timed) {
            return t < warmup ? warmupRate(baseRate, t) : timed.rateAt(baseRate, t - warmup);
        }
        double after = then.rate(baseRate, step, epoch); // asked during warm-up too, so a stateful schedule learns η0
        return t < warmup ? warmupRate(baseRate, t) : after;
    }

    private double warmupRate(double baseRate, long t) {
        return baseRate * (startFactor + (1 - startFactor) * t / warmup);
    }

    @Override
    public void checkRun(int epochs, int stepsPerEpoch) {
        if (then instanceof TimedSchedule timed) {
            long lastT = per.last(epochs, stepsPerEpoch) - warmup;
            if (lastT >= 0) {
                timed.checkHorizon(lastT);
            }
        } else {
            then.checkRun(epochs, stepsPerEpoch);
        }
    }

    @Override
    public void onTrainStart(TrainingContext context) {
        if (then instanceof Callback c) {
            c.onTrainStart(context);
        }
    }

    @Override
    public void onEpochStart(TrainingContext context, int epoch) {
        if (then instanceof Callback c) {
            c.onEpochStart(context, epoch);
        }
    }

    @Override
    public void onBatchStart(TrainingContext context, int epoch, int batch) {
        if (then instanceof Callback c) {
            c.onBatchStart(context, epoch, batch);
        }
    }

    @Override
    public void onBatchEnd(TrainingContext context, int epoch, int batch) {
        if (then instanceof Callback c) {
            c.onBatchEnd(context, epoch, batch);
        }
    }

    @Override
    public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
        if (then instanceof Callback c) {
            c.onEpochEnd(context, epoch, metrics);
        }
    }

    @Override
    public void onTrainEnd(TrainingContext context, History history) {
        if (then instanceof Callback c) {
            c.onTrainEnd(context, history);
        }
    }
}
