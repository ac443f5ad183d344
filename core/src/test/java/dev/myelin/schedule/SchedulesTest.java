package dev.myelin.schedule;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command-line grammar of {@link Schedules#parse}. */
class SchedulesTest {

    private static void refused(String spec, String message) {
        assertThatThrownBy(() -> Schedules.parse(spec)).as(spec).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void readsEveryScheduleWithItsDefaults() {
        assertThat(Schedules.parse("constant")).isEqualTo(Schedule.constant());
        assertThat(Schedules.parse("step:s=10")).isEqualTo(new StepDecay(10, 0.1, Per.EPOCH));
        assertThat(Schedules.parse("step:s=10,gamma=0.5")).isEqualTo(new StepDecay(10, 0.5, Per.EPOCH));
        assertThat(Schedules.parse("exp:gamma=0.95")).isEqualTo(new Decay(DecayFormula.EXPONENTIAL, 0.95, Per.EPOCH));
        assertThat(Schedules.parse("exp:lambda=0.05,per=step")).isEqualTo(new Decay(DecayFormula.NATURAL_EXPONENTIAL, 0.05, Per.STEP));
        assertThat(Schedules.parse("invtime:decay=0.01")).isEqualTo(new Decay(DecayFormula.INVERSE_TIME, 0.01, Per.EPOCH));
        assertThat(Schedules.parse("invsqrt")).isEqualTo(new Decay(DecayFormula.INVERSE_SQRT, 1, Per.EPOCH));
        assertThat(Schedules.parse("poly:T=100")).isEqualTo(new PolynomialDecay(100, 1, 0, Per.EPOCH));
        assertThat(Schedules.parse("cosine:T=50,min=1e-5")).isEqualTo(new CosineAnnealing(50, 1e-5, Per.EPOCH));
        assertThat(Schedules.parse("cosine_restarts:T0=10,mult=2")).isEqualTo(new CosineWarmRestarts(10, 2, 0, Per.EPOCH));
        assertThat(Schedules.parse("onecycle:steps=1000")).isEqualTo(new OneCycle(1000));
        assertThat(((ReduceOnPlateau) Schedules.parse("plateau")).settings()).isEqualTo(PlateauSettings.defaults());
        assertThat(((ReduceOnPlateau) Schedules.parse("plateau:factor=0.5,patience=3")).settings())
                .isEqualTo(PlateauSettings.defaults().withFactor(0.5).withPatience(3));
    }

    @Test
    void readsAWarmupBeforeAScheduleOrAlone() {
        assertThat(Schedules.parse("warmup:5+cosine:T=45"))
                .isEqualTo(new LinearWarmup(5, 1.0 / 3, new CosineAnnealing(45, 0, Per.EPOCH), Per.EPOCH));
        assertThat(Schedules.parse(" warmup:W=5, start=0.1 + step:s=3 "))
                .isEqualTo(new LinearWarmup(5, 0.1, new StepDecay(3, 0.1, Per.EPOCH), Per.EPOCH));
        assertThat(Schedules.parse("warmup:5")).isEqualTo(new LinearWarmup(5, 1.0 / 3, Schedule.constant(), Per.EPOCH));
        assertThat(Schedules.parse("warmup:100,per=step")).isEqualTo(new LinearWarmup(100, 1.0 / 3, Schedule.constant(), Per.STEP));
    }

    @Test
    void readsAWarmupBeforeReduceOnPlateau() {
        LinearWarmup w = (LinearWarmup) Schedules.parse("warmup:3,per=step+plateau:patience=2");
        assertThat(w.warmup()).isEqualTo(3);
        assertThat(w.per()).isEqualTo(Per.STEP);
        assertThat(((ReduceOnPlateau) w.then()).settings()).isEqualTo(PlateauSettings.defaults().withPatience(2));
    }

    @Test
    void aWarmupAndItsScheduleShareTheirUnitWhicheverSideGivesIt() {
        LinearWarmup expected = new LinearWarmup(100, 1.0 / 3, new CosineAnnealing(900, 0, Per.STEP), Per.STEP);
        assertThat(Schedules.parse("warmup:100,per=step+cosine:T=900")).isEqualTo(expected);
        assertThat(Schedules.parse("warmup:100+cosine:T=900,per=step")).isEqualTo(expected);
        assertThat(Schedules.parse("warmup:100+onecycle:steps=900"))
                .isEqualTo(new LinearWarmup(100, 1.0 / 3, new OneCycle(900), Per.STEP));
        refused("warmup:5,per=epoch+cosine:T=900,per=step",
                "linear warm-up counts epochs but the schedule after it counts steps: give both the same per");
    }

    @Test
    void numbersWithAnExponentSignAreNotSplitAsAWarmup() {
        assertThat(Schedules.parse("cosine:T=50,min=1e+0")).isEqualTo(new CosineAnnealing(50, 1, Per.EPOCH));
        assertThat(Schedules.parse("warmup:2+cosine:T=50,min=1E-5"))
                .isEqualTo(new LinearWarmup(2, 1.0 / 3, new CosineAnnealing(50, 1e-5, Per.EPOCH), Per.EPOCH));
    }

    @Test
    void unknownNamesAndKeysAreRefusedWithWhatIsAccepted() {
        refused("cosin:T=5", "unknown schedule 'cosin' in 'cosin:T=5'; valid: " + Schedules.NAMES);
        refused("cosine:T=5,eta_min=0", "cosine has no setting 'eta_min' (in 'cosine:T=5,eta_min=0'); it takes T, min, per");
        refused("constant:x=1", "constant has no setting 'x' (in 'constant:x=1'); it takes none");
        refused("plateau:patiense=3", "plateau has no setting 'patiense' (in 'plateau:patiense=3'); it takes monitor, mode, factor, "
                + "patience, threshold, threshold_mode, cooldown, min");
    }

    @Test
    void namesAndKeysAreCaseSensitive() {
        refused("Cosine:T=5", "unknown schedule 'Cosine' in 'Cosine:T=5'; valid: " + Schedules.NAMES);
        refused("cosine:t=5", "cosine has no setting 't' (in 'cosine:t=5'); it takes T, min, per");
        refused("cosine_restarts:t0=5", "cosine_restarts has no setting 't0' (in 'cosine_restarts:t0=5'); it takes T0, mult, min, per");
        refused("warmup:w=5", "warmup has no setting 'w' (in 'warmup:w=5'); it takes W, start, per");
    }

    @Test
    void malformedSpecsAreRefused() {
        refused("", "schedule specification is empty; expected name[:key=value,...], e.g. cosine:T=50; names: " + Schedules.NAMES);
        refused(":T=5", "unknown schedule '' in ':T=5'; valid: " + Schedules.NAMES);
        refused("cosine:T50", "cosine takes no value, got 'cosine:T50'; write cosine:T=50");
        refused("warmup:3,4", "warmup takes no value, got 'warmup:3,4'; write warmup:5+cosine:T=45");
        refused("cosine:T=5,", "cosine: empty setting in 'cosine:T=5,'; settings are key=value or a flag, separated by commas");
        refused("cosine:T=5,T=6", "cosine: T is given twice in 'cosine:T=5,T=6'");
        refused("warmup:5,W=6", "warmup: W is given twice in 'warmup:5,W=6'");
        refused("cosine", "cosine: T is required, e.g. cosine:T=50, in 'cosine'");
        refused("cosine:T=5.5", "cosine: T must be a whole number such as 1, got '5.5' in 'cosine:T=5.5'");
        refused("cosine:T=5,min=abc", "cosine: min must be a decimal number such as 0.9 or 1e-3, got 'abc' in 'cosine:T=5,min=abc'");
        refused("step:s=5,gamma=0.5d", "step: gamma must be a decimal number such as 0.9 or 1e-3, got '0.5d' in 'step:s=5,gamma=0.5d'");
        refused("cosine:T=5,per=batch", "cosine: per must be one of epoch, step, got 'batch' in 'cosine:T=5,per=batch'");
        refused("onecycle:steps=10,anneal=cosine", "onecycle: anneal must be one of cos, linear, got 'cosine' in 'onecycle:steps=10,anneal=cosine'");
        refused("plateau:mode=auto", "plateau: mode must be one of min, max, got 'auto' in 'plateau:mode=auto'");
        refused("plateau:patience=99999999999",
                "plateau: patience must be a whole number such as 10, got '99999999999' in 'plateau:patience=99999999999'");
        refused("exp", "exp needs exactly one of gamma (η0·γ^t, e.g. exp:gamma=0.95) or lambda (η0·e^(−λt), e.g. exp:lambda=0.05)");
        refused("exp:gamma=0.9,lambda=0.1",
                "exp needs exactly one of gamma (η0·γ^t, e.g. exp:gamma=0.95) or lambda (η0·e^(−λt), e.g. exp:lambda=0.05)");
        refused("warmup", "warmup: W is required, e.g. warmup:5+cosine:T=45, in 'warmup'");
        refused("cosine:T=5+warmup:3", "only a warm-up may come before '+' (e.g. warmup:5+cosine:T=45), got 'cosine:T=5+warmup:3'");
        refused("warmup:3+warmup:3", "a warm-up must be followed by a schedule other than a warm-up, got 'warmup:3+warmup:3'");
        refused("warmup:3+step:s=2+exp:gamma=0.9",
                "schedule 'warmup:3+step:s=2+exp:gamma=0.9' has more than one '+': write a warm-up, '+', then one schedule");
    }

    @Test
    void valuesOutOfRangeReachTheScheduleChecks() {
        refused("step:s=10,gamma=1.5", "step decay γ (gamma) must be in (0, 1], got 1.5");
        refused("warmup:5,start=0+cosine:T=45", "linear warm-up start factor (start) must be in (0, 1], got 0.0");
        refused("plateau:factor=2", "reduce-on-plateau factor must be in (0, 1), got 2.0");
    }
}
