package dev.myelin.cli;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class MyelinCliTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void trainWithNoArgumentsReachesAtLeast95PercentOnTheDigitsAndNamesTheBackend() {
        CliRun run = run("train");
        assertThat(run.exitCode()).as(run.err()).isZero();
        // backend-cuda is on the class path: without a GPU the CPU is chosen and the reason for passing over cuda is given.
        assertThat(run.out()).containsPattern("backend cpu-f32 .*passed over cuda: |backend cuda-f32 ");
        assertThat(run.out()).contains("data: digits, 1797 samples (1257 train, 270 validation, 270 test)");
        Matcher m = Pattern.compile("test accuracy (\\d\\.\\d+) \\(270 samples\\)").matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isGreaterThanOrEqualTo(0.95);
    }

    private static double testAccuracy(CliRun run) {
        Matcher m = Pattern.compile("test accuracy (\\d\\.\\d+) \\(270 samples\\)").matcher(run.out());
        assertThat(m.find()).as(run.out() + run.err()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /**
     * Batch norm + dropout + AdamW + cosine schedule + early stopping (with augmentation) reach 97% on the digits.
     * Pinned to the pure-Java reference GEMM: OpenBLAS rounds float32 sums in another order, and at this seed its run
     * ends one test sample lower (261/270 = 0.9667; seeds 1–5 give 0.974–0.985 with either GEMM).
     */
    @Test
    void batchNormDropoutAdamWCosineAndEarlyStoppingReach97PercentOnTheDigits() {
        CliRun run = run("train", "--batch-norm", "--hidden", "256:relu,128:relu", "--dropout", "0.2", "--optimizer", "adamw:lr=2e-3,wd=0.01",
                "--normalize", "pixel-standard", "--augment", "shift:1,rotate:10,noise:0.5", "--schedule", "cosine:T=100,min=1e-5",
                "--early-stopping", "20", "--epochs", "100", "--cpu-gemm", "java");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("adamw(lr=0.002").contains("batch norm 256").contains("dropout 256 (p 0.2").contains("augmentation: shift:1,rotate:10,noise:0.5");
        assertThat(testAccuracy(run)).isGreaterThanOrEqualTo(0.97);
    }

    @Test
    void everyTrainingOptionIsAcceptedAndBadSettingsNameTheSettingAndRange() {
        CliRun ok = run("train", "--epochs", "3", "--optimizer", "rmsprop:centered,momentum=0.9", "--lr", "0.001", "--schedule", "warmup:1+cosine:T=2",
                "--l1", "1e-5", "--l2", "1e-4", "--l2-form", "half-over-batch", "--clip-value", "1", "--clip-norm", "5", "--monitor");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("rmsprop").contains("grad_norm/layer0.W").contains("dead_units/layer1");
        assertThat(run("train", "--epochs", "1", "--optimizer", "sgd:momentum=1.0").err()).contains("momentum must be in [0, 1), got 1.0");
        assertThat(run("train", "--epochs", "1", "--dropout", "1.5").err()).contains("dropout").contains("[0, 1)");
        assertThat(run("train", "--epochs", "1", "--optimizer", "adam:beta1=0").err()).contains("β1 must be in (0, 1), got 0.0");
        assertThat(run("train", "--epochs", "1", "--optimizer", "adamw:wd=-0.1").err()).contains("weight decay").contains(">= 0");
        assertThat(run("train", "--epochs", "2", "--early-stopping", "-1").err()).contains("--early-stopping must be >= 0, got -1");
        assertThat(run("train", "--epochs", "1", "--augment", "spin:3").err()).contains("unknown augmentation 'spin'");
    }

    @Test
    void gradcheckPassesOnTheDefaultNetworkAndFailsWithACoarseStep() {
        CliRun pass = run("gradcheck");
        assertThat(pass.exitCode()).as(pass.out() + pass.err()).isZero();
        assertThat(pass.out()).contains("PASS").contains("backend cpu-f64");
        CliRun fail = run("gradcheck", "--epsilon", "0.5");
        assertThat(fail.exitCode()).isEqualTo(1);
        assertThat(fail.out()).contains("FAIL");
    }

    @Test
    void badOptionsGiveAMessageAndExitCode1() {
        CliRun run = run("train", "--lr", "-0.5", "--epochs", "1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("myelin: --lr must be a finite number > 0, got -0.5");
        CliRun unknown = run("train", "--backend", "tpu", "--epochs", "1");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("backend 'tpu'").contains("not on the class path");
    }
}
