package dev.myelin.schedule;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OneCycleTest {
    private static final double MAX = 0.1;

    @Test
    void defaultsAreThoseOfPyTorchOneCycleLR() {
        assertThat(new OneCycle(1000)).isEqualTo(new OneCycle(1000, 0.3, OneCycle.Anneal.COS, 25, 1e4, false, Per.STEP));
    }

    @Test
    void startsAtMaxOverDivPeaksAtMaxAndEndsAtMaxOverDivTimesFinalDiv() {
        OneCycle s = new OneCycle(101, 0.5, OneCycle.Anneal.LINEAR, 10, 100, false, Per.STEP);
        assertThat(s.rate(MAX, 0, 0)).isCloseTo(0.01, within(1e-16));
        // phase 1 from 0 to 0.5·101 − 1 = 49.5
        assertThat(s.rate(MAX, 49, 0)).isCloseTo(0.01 + 0.09 * 49 / 49.5, within(1e-16));
        assertThat(s.rate(MAX, 100, 0)).isCloseTo(1e-4, within(1e-16));
    }

    @Test
    void refusesStepsPastItsTotal() {
        OneCycle s = new OneCycle(50);
        assertThat(s.rate(MAX, 49, 0)).isPositive();
        assertThatThrownBy(() -> s.rate(MAX, 50, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("one-cycle was set for steps = 50 but was asked for t = 50 (steps from 0): set steps to at least the run's total steps");
    }

    @Test
    void aPhaseOfLengthZeroGivesItsEndRateRatherThanNaN() {
        OneCycle s = new OneCycle(10, 0.1, OneCycle.Anneal.COS, 25, 1e4, false, Per.STEP); // phase 1 ends at 0.1·10 − 1 = 0
        assertThat(s.rate(MAX, 0, 0)).isEqualTo(MAX);
    }
}
