package dev.myelin.schedule;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Schedule#checkRun}: a rate of 0, or a one-cycle too short, is refused before training when the run's length shows it. */
class CheckRunTest {

    @Test
    void cosineToZeroMustNotReachTWithinTheRun() {
        assertThatCode(() -> new CosineAnnealing(50, 0).checkRun(50, 100)).doesNotThrowAnyException();
        assertThatCode(() -> new CosineAnnealing(50, 1e-5).checkRun(80, 100)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new CosineAnnealing(50, 0).checkRun(51, 100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cosine annealing reaches min = 0 at t = T = 50 epochs but this run goes on to t = 50: set T >= 51 or min > 0");
        assertThatCode(() -> new CosineAnnealing(1000, 0, Per.STEP).checkRun(20, 50)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new CosineAnnealing(1000, 0, Per.STEP).checkRun(21, 50))
                .hasMessage("cosine annealing reaches min = 0 at t = T = 1000 steps but this run goes on to t = 1049: set T >= 1050 or min > 0");
    }

    @Test
    void polynomialToZeroMustNotReachTWithinTheRun() {
        assertThatCode(() -> new PolynomialDecay(30, 2).checkRun(30, 10)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new PolynomialDecay(30, 2).checkRun(40, 10))
                .hasMessage("polynomial decay reaches end = 0 at t = T = 30 epochs but this run goes on to t = 39: set T >= 40 or end > 0");
        assertThatCode(() -> new PolynomialDecay(30, 2, 1e-4, Per.EPOCH).checkRun(40, 10)).doesNotThrowAnyException();
    }

    @Test
    void oneCycleMustCoverEveryStepOfTheRun() {
        assertThatCode(() -> new OneCycle(1500).checkRun(30, 50)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new OneCycle(1000).checkRun(30, 50))
                .hasMessage("one-cycle steps = 1000 is shorter than this run, which needs t up to 1499 (steps from 0): set steps >= 1500");
    }

    @Test
    void aWarmupChecksTheScheduleAfterItOverWhatIsLeftOfTheRun() {
        assertThatCode(() -> new LinearWarmup(5, 0.1, new CosineAnnealing(45, 0)).checkRun(50, 10)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new LinearWarmup(5, 0.1, new CosineAnnealing(45, 0)).checkRun(51, 10))
                .hasMessage("cosine annealing reaches min = 0 at t = T = 45 epochs but this run goes on to t = 45: set T >= 46 or min > 0");
        assertThatCode(() -> new LinearWarmup(5, 0.1, new OneCycle(1)).checkRun(1, 5)).doesNotThrowAnyException();
    }

    @Test
    void schedulesThatStayPositiveAcceptAnyRun() {
        assertThatCode(() -> Schedule.constant().checkRun(1000, 1000)).doesNotThrowAnyException();
        assertThatCode(() -> new StepDecay(1, 0.5).checkRun(1000, 1000)).doesNotThrowAnyException();
        assertThatCode(() -> new ReduceOnPlateau().checkRun(1000, 1000)).doesNotThrowAnyException();
    }
}
