package dev.myelin.golden;

import dev.myelin.schedule.CosineAnnealing;
import dev.myelin.schedule.CosineWarmRestarts;
import dev.myelin.schedule.Decay;
import dev.myelin.schedule.DecayFormula;
import dev.myelin.schedule.LinearWarmup;
import dev.myelin.schedule.OneCycle;
import dev.myelin.schedule.Per;
import dev.myelin.schedule.PolynomialDecay;
import dev.myelin.schedule.Schedule;
import dev.myelin.schedule.Schedules;
import dev.myelin.schedule.StepDecay;
import dev.myelin.testkit.GoldenFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every time-based schedule against PyTorch 1.13's {@code torch.optim.lr_scheduler}: the rate before
 * each of 60 steps, float64 to 1e-12 relative. Files from {@code tests/golden/golden_schedules.py}
 * (its header line names the PyTorch call). Each case is run counting t in epochs and in steps, and
 * built both with the constructor and from its command-line form.
 */
class ScheduleGoldenTest {
    static final double TOLERANCE = 1e-12;
    /** Steps per epoch when t counts epochs: any value, the rate must not depend on it. */
    private static final int STEPS_PER_EPOCH = 7;

    enum Case {
        STEP("step", per -> new StepDecay(7, 0.5, per), "step:s=7,gamma=0.5"),
        EXPONENTIAL("exponential", per -> new Decay(DecayFormula.EXPONENTIAL, 0.95, per), "exp:gamma=0.95"),
        NATURAL_EXPONENTIAL("natural_exponential", per -> new Decay(DecayFormula.NATURAL_EXPONENTIAL, 0.05, per), "exp:lambda=0.05"),
        INVERSE_TIME("inverse_time", per -> new Decay(DecayFormula.INVERSE_TIME, 0.3, per), "invtime:decay=0.3"),
        INVERSE_SQRT("inverse_sqrt", per -> new Decay(DecayFormula.INVERSE_SQRT, 0.5, per), "invsqrt:d=0.5"),
        POLYNOMIAL("polynomial", per -> new PolynomialDecay(40, 2.0, 0, per), "poly:T=40,power=2"),
        POLYNOMIAL_END("polynomial_end", per -> new PolynomialDecay(30, 1.5, 0.002, per), "poly:T=30,power=1.5,end=0.002"),
        COSINE("cosine", per -> new CosineAnnealing(25, 0.001, per), "cosine:T=25,min=0.001"),
        COSINE_RESTARTS("cosine_restarts", per -> new CosineWarmRestarts(5, 2, 0.001, per), "cosine_restarts:T0=5,mult=2,min=1e-3"),
        COSINE_RESTARTS_MULT1("cosine_restarts_mult1", per -> new CosineWarmRestarts(8, 1, 0, per), "cosine_restarts:T0=8"),
        WARMUP_COSINE("warmup_cosine", per -> new LinearWarmup(5, 0.1, new CosineAnnealing(45, 1e-4, per), per),
                "warmup:5,start=0.1+cosine:T=45,min=1e-4"),
        WARMUP_STEP("warmup_step", per -> new LinearWarmup(4, 1.0 / 3, new StepDecay(10, 0.3, per), per), "warmup:4+step:s=10,gamma=0.3"),
        ONECYCLE("onecycle", per -> new OneCycle(60, 0.3, OneCycle.Anneal.COS, 25, 1e4, false, per), "onecycle:steps=60"),
        ONECYCLE_LINEAR_THREE_PHASE("onecycle_linear_three_phase",
                per -> new OneCycle(60, 0.25, OneCycle.Anneal.LINEAR, 10, 100, true, per),
                "onecycle:steps=60,pct=0.25,anneal=linear,div=10,final_div=100,three_phase=true");

        final String file;
        final Function<Per, Schedule> make;
        final String cli;

        Case(String name, Function<Per, Schedule> make, String cli) {
            this.file = "schedule_" + name + ".txt";
            this.make = make;
            this.cli = cli;
        }
    }

    /** A case's golden file: η0 and the rate PyTorch's scheduler gave at t = 0, 1, …. */
    private record PyTorchRates(double eta0, double[] lr) {
        static PyTorchRates of(Case c) {
            GoldenFile golden = GoldenFile.load(c.file);
            return new PyTorchRates(golden.get("eta0")[0], golden.get("lr"));
        }
    }

    static void assertRelativelyClose(double actual, double expected, String what) {
        assertThat(Math.abs(actual - expected)).as("%s: %s vs PyTorch %s", what, actual, expected)
                .isLessThanOrEqualTo(TOLERANCE * Math.abs(expected));
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void matchesPyTorchForSixtyStepsCountingEpochs(Case c) {
        assertMatchesPyTorch(c, Per.EPOCH);
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void matchesPyTorchForSixtyStepsCountingSteps(Case c) {
        assertMatchesPyTorch(c, Per.STEP);
    }

    /**
     * The rate at every t of the golden file against PyTorch's, with t counting {@code per}: counting epochs, at each of
     * the epoch's {@link #STEPS_PER_EPOCH} steps; counting steps, at step t of epoch ⌊t / STEPS_PER_EPOCH⌋.
     */
    private static void assertMatchesPyTorch(Case c, Per per) {
        PyTorchRates golden = PyTorchRates.of(c);
        Schedule schedule = c.make.apply(per);
        int stepsPerT = per == Per.EPOCH ? STEPS_PER_EPOCH : 1;
        for (int t = 0; t < golden.lr().length; t++) {
            for (int b = 0; b < stepsPerT; b++) {
                long step = (long) t * stepsPerT + b;
                int epoch = (int) (step / STEPS_PER_EPOCH);
                assertRelativelyClose(schedule.rate(golden.eta0(), step, epoch), golden.lr()[t], c + " per " + per.key() + ": t " + t
                        + ", epoch " + epoch + ", step " + step);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void commandLineFormBuildsTheSameSchedule(Case c) {
        Per defaultPer = c.name().startsWith("ONECYCLE") ? Per.STEP : Per.EPOCH;
        assertThat(Schedules.parse(c.cli)).isEqualTo(c.make.apply(defaultPer));
    }
}
