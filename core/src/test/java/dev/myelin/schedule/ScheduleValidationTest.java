package dev.myelin.schedule;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every invalid setting is refused at construction, with a message naming it and the accepted range. */
class ScheduleValidationTest {

    private static void refused(Runnable construction, String message) {
        assertThatThrownBy(construction::run).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void stepDecayNeedsAPositiveStepSizeAndGammaInUnitInterval() {
        refused(() -> new StepDecay(0, 0.5), "step decay s must be >= 1, got 0");
        refused(() -> new StepDecay(10, 1.5), "step decay γ (gamma) must be in (0, 1], got 1.5");
        refused(() -> new StepDecay(10, 0), "step decay γ (gamma) must be in (0, 1], got 0.0");
        refused(() -> new StepDecay(10, Double.NaN), "step decay γ (gamma) must be in (0, 1], got NaN");
        refused(() -> new StepDecay(10, 0.5, null), "step decay per must be EPOCH or STEP, got null");
    }

    @Test
    void exponentialDecayNeedsAFactorInUnitIntervalOrANonNegativeRateConstant() {
        refused(() -> new Decay(DecayFormula.EXPONENTIAL, 1.01), "exponential decay d (gamma) must be in (0, 1], got 1.01");
        refused(() -> new Decay(DecayFormula.EXPONENTIAL, -0.5), "exponential decay d (gamma) must be in (0, 1], got -0.5");
        refused(() -> new Decay(DecayFormula.NATURAL_EXPONENTIAL, -0.1), "exponential decay λ (lambda) must be a finite number >= 0, got -0.1");
        refused(() -> new Decay(DecayFormula.NATURAL_EXPONENTIAL, Double.POSITIVE_INFINITY),
                "exponential decay λ (lambda) must be a finite number >= 0, got Infinity");
    }

    @Test
    void inverseDecaysRejectSettingsThatWouldMakeTheRateNegative() {
        refused(() -> new Decay(DecayFormula.INVERSE_TIME, -0.01), "inverse-time decay (decay) must be a finite number >= 0, got -0.01");
        refused(() -> new Decay(DecayFormula.INVERSE_SQRT, 0), "inverse-sqrt decay d must be a finite number > 0, got 0.0");
        refused(() -> new Decay(DecayFormula.INVERSE_SQRT, -2), "inverse-sqrt decay d must be a finite number > 0, got -2.0");
    }

    @Test
    void polynomialDecayNeedsPositiveTAndPowerAndANonNegativeEnd() {
        refused(() -> new PolynomialDecay(0, 1), "polynomial decay T must be >= 1, got 0");
        refused(() -> new PolynomialDecay(10, 0), "polynomial decay power must be a finite number > 0, got 0.0");
        refused(() -> new PolynomialDecay(10, 1, -1e-5, Per.EPOCH), "polynomial decay η_end (end) must be a finite number >= 0, got -1.0E-5");
    }

    @Test
    void cosineSchedulesNeedPositivePeriodsAndANonNegativeMinimum() {
        refused(() -> new CosineAnnealing(0, 0), "cosine annealing T must be >= 1, got 0");
        refused(() -> new CosineAnnealing(50, -1e-3), "cosine annealing η_min (min) must be a finite number >= 0, got -0.001");
        refused(() -> new CosineWarmRestarts(0, 1, 0), "cosine restarts T_0 (T0) must be >= 1, got 0");
        refused(() -> new CosineWarmRestarts(10, 0, 0), "cosine restarts T_mult (mult) must be >= 1, got 0");
        refused(() -> new CosineWarmRestarts(10, 2, Double.NaN), "cosine restarts η_min (min) must be a finite number >= 0, got NaN");
    }

    @Test
    void linearWarmupNeedsAPositiveLengthAStartFactorInUnitIntervalAndAFollower() {
        refused(() -> new LinearWarmup(0, 0.1, Schedule.constant()), "linear warm-up W must be >= 1, got 0");
        refused(() -> new LinearWarmup(5, 0, Schedule.constant()), "linear warm-up start factor (start) must be in (0, 1], got 0.0");
        refused(() -> new LinearWarmup(5, 1.2, Schedule.constant()), "linear warm-up start factor (start) must be in (0, 1], got 1.2");
        refused(() -> new LinearWarmup(5, 0.1, null, Per.EPOCH),
                "linear warm-up needs a schedule to follow it, e.g. Schedule.constant()");
        refused(() -> new LinearWarmup(5, 0.1, new CosineAnnealing(45, 0, Per.STEP), Per.EPOCH),
                "linear warm-up counts epochs but the schedule after it counts steps: give both the same per");
    }

    @Test
    void oneCycleNeedsStepsAPhaseFractionAndPositiveDivisors() {
        refused(() -> new OneCycle(0), "one-cycle steps must be >= 1, got 0");
        refused(() -> new OneCycle(100, 1.1, OneCycle.Anneal.COS, 25, 1e4, false, Per.STEP), "one-cycle pct must be in [0, 1], got 1.1");
        refused(() -> new OneCycle(100, 0.6, OneCycle.Anneal.COS, 25, 1e4, true, Per.STEP),
                "one-cycle pct must be in [0, 0.5] with three phases, got 0.6");
        refused(() -> new OneCycle(100, 0.3, null, 25, 1e4, false, Per.STEP), "one-cycle anneal must be COS or LINEAR, got null");
        refused(() -> new OneCycle(100, 0.3, OneCycle.Anneal.COS, 0, 1e4, false, Per.STEP), "one-cycle div must be a finite number > 0, got 0.0");
        refused(() -> new OneCycle(100, 0.3, OneCycle.Anneal.COS, 25, -1, false, Per.STEP),
                "one-cycle final_div must be a finite number > 0, got -1.0");
        refused(() -> new OneCycle(100, 0.3, OneCycle.Anneal.COS, 25, 1e4, false, null), "one-cycle per must be EPOCH or STEP, got null");
    }

    @Test
    void reduceOnPlateauRefusesEverySettingOutsideItsRange() {
        PlateauSettings d = PlateauSettings.defaults();
        refused(() -> d.withMonitor(" ", PlateauSettings.Mode.MIN), "reduce-on-plateau needs a metric to monitor, e.g. val_loss");
        refused(() -> d.withMonitor("val_loss", null), "reduce-on-plateau mode must be MIN or MAX, got null");
        refused(() -> d.withFactor(1.0), "reduce-on-plateau factor must be in (0, 1), got 1.0");
        refused(() -> d.withFactor(0), "reduce-on-plateau factor must be in (0, 1), got 0.0");
        refused(() -> d.withPatience(-1), "reduce-on-plateau patience must be >= 0 epochs, got -1");
        refused(() -> d.withThreshold(-1e-4, PlateauSettings.ThresholdMode.REL), "reduce-on-plateau threshold must be a finite number >= 0, got -1.0E-4");
        refused(() -> d.withThreshold(1e-4, null), "reduce-on-plateau threshold_mode must be REL or ABS, got null");
        refused(() -> d.withCooldown(-2), "reduce-on-plateau cooldown must be >= 0 epochs, got -2");
        refused(() -> d.withMinRate(-1), "reduce-on-plateau min lr (min) must be a finite number >= 0, got -1.0");
        refused(() -> new ReduceOnPlateau(null), "reduce-on-plateau needs settings, e.g. PlateauSettings.defaults()");
    }
}
