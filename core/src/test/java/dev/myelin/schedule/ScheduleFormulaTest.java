package dev.myelin.schedule;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Rates at chosen t, against the formulas of the Javadoc written out here (PyTorch agreement is in the golden tests). */
class ScheduleFormulaTest {
    private static final double ETA0 = 0.2;
    private static final double EPS = 1e-15;

    @Test
    void constantKeepsTheBaseRateAtEveryStep() {
        Schedule s = Schedule.constant();
        assertThat(s.rate(ETA0, 0, 0)).isEqualTo(ETA0);
        assertThat(s.rate(ETA0, 123_456, 99)).isEqualTo(ETA0);
        assertThat(s).isEqualTo(new Constant());
    }

    @Test
    void stepDecayDropsByGammaEverySEpochs() {
        StepDecay s = new StepDecay(10, 0.5);
        assertThat(s.rate(ETA0, 1000, 9)).isEqualTo(0.2);
        assertThat(s.rate(ETA0, 1000, 10)).isEqualTo(0.1);
        assertThat(s.rate(ETA0, 0, 25)).isEqualTo(0.05);
    }

    @Test
    void perSaysWhetherTCountsEpochsOrSteps() {
        assertThat(new StepDecay(10, 0.5, Per.EPOCH).rate(ETA0, 25, 1)).isEqualTo(0.2);
        assertThat(new StepDecay(10, 0.5, Per.STEP).rate(ETA0, 25, 1)).isEqualTo(0.05);
        assertThat(Per.EPOCH.last(30, 50)).isEqualTo(29);
        assertThat(Per.STEP.last(30, 50)).isEqualTo(1499);
    }

    @Test
    void exponentialFormsAreEta0TimesDToTheTAndEta0TimesEToTheMinusLambdaT() {
        assertThat(new Decay(DecayFormula.EXPONENTIAL, 0.9).rate(ETA0, 0, 3)).isCloseTo(0.2 * 0.9 * 0.9 * 0.9, within(EPS));
        assertThat(new Decay(DecayFormula.NATURAL_EXPONENTIAL, 0.5).rate(ETA0, 0, 4)).isCloseTo(0.2 * Math.exp(-2), within(EPS));
        assertThat(new Decay(DecayFormula.NATURAL_EXPONENTIAL, 0).rate(ETA0, 0, 1000)).isEqualTo(ETA0);
    }

    @Test
    void inverseTimeIsEta0Over1PlusDecayT() {
        assertThat(new Decay(DecayFormula.INVERSE_TIME, 0.25).rate(ETA0, 0, 4)).isCloseTo(0.1, within(EPS)); // 0.2 / (1 + 0.25·4)
    }

    @Test
    void inverseSqrtIsSpecsEta0DOverRootTWithTCountedFromOne() {
        Decay s = new Decay(DecayFormula.INVERSE_SQRT, 3);
        for (int spect = 1; spect <= 10; spect++) {
            assertThat(s.rate(ETA0, 0, spect - 1)).isCloseTo(ETA0 * 3 / Math.sqrt(spect), within(EPS));
        }
        assertThat(s.rate(ETA0, 0, 3)).isCloseTo(0.3, within(EPS)); // 0.2·3/√4
    }

    @Test
    void polynomialDecayReachesItsEndRateAtTAndStaysThere() {
        PolynomialDecay s = new PolynomialDecay(10, 2, 0.01, Per.EPOCH);
        assertThat(s.rate(ETA0, 0, 0)).isCloseTo(ETA0, within(EPS));
        assertThat(s.rate(ETA0, 0, 5)).isCloseTo((0.2 - 0.01) * 0.25 + 0.01, within(EPS));
        assertThat(s.rate(ETA0, 0, 10)).isEqualTo(0.01);
        assertThat(s.rate(ETA0, 0, 50)).isEqualTo(0.01);
    }

    @Test
    void cosineFallsToItsMinimumAtTThenRisesAsInPyTorch() {
        CosineAnnealing s = new CosineAnnealing(20, 0.02);
        assertThat(s.rate(ETA0, 0, 0)).isEqualTo(ETA0);
        assertThat(s.rate(ETA0, 0, 10)).isCloseTo(0.02 + 0.18 / 2, within(EPS));
        assertThat(s.rate(ETA0, 0, 20)).isCloseTo(0.02, within(EPS));
        assertThat(s.rate(ETA0, 0, 30)).isCloseTo(0.11, within(EPS));
        assertThat(s.rate(ETA0, 0, 40)).isCloseTo(ETA0, within(EPS));
    }

    @Test
    void warmRestartsJumpBackToEta0AfterCyclesOfT0TimesMultToTheI() {
        CosineWarmRestarts s = new CosineWarmRestarts(4, 3, 0);
        long[] restarts = {0, 4, 16, 52, 160};
        for (long r : restarts) {
            assertThat(s.rate(ETA0, r, (int) r)).as("restart at %d", r).isEqualTo(ETA0);
        }
        assertThat(s.rate(ETA0, 0, 4 + 6)).isCloseTo(ETA0 / 2, within(EPS)); // middle of the 12-long second cycle
        assertThat(new CosineWarmRestarts(5, 1, 0).rate(ETA0, 0, 17)).isCloseTo(ETA0 * (1 + Math.cos(Math.PI * 2 / 5)) / 2, within(EPS));
        assertThat(new CosineWarmRestarts(3, 1_000_000_000L, 0).rate(ETA0, 0, Integer.MAX_VALUE)).isFinite().isPositive();
    }
}
