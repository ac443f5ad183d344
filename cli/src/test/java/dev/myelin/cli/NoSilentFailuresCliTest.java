package dev.myelin.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each run here was wrong and silent before: it now fails with a {@code myelin: ...} message naming the problem and a
 * non-zero exit code, or (for the built-in data sets) trains to a sensible result with the defaults.
 */
class NoSilentFailuresCliTest {

    private static CliRun refused(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).as(run.toString()).startsWith("myelin: ").doesNotContain("\tat ");
        return run;
    }

    @Test
    void sgdWithLearningRate100IsReportedAsDivergenceNotOverfittingAndExits1() {
        CliRun run = refused("train", "--optimizer", "sgd", "--lr", "100", "--epochs", "8");
        assertThat(run.err()).contains("myelin: training diverged").contains("learning rate too high");
        assertThat(run.out()).doesNotContain("Overfitting began").doesNotContain("overfitting");
        // the first epoch's loss (~1e25 before) prints in scientific notation, not as a 26-digit number
        assertThat(run.out()).doesNotContainPattern("\\d{12,}");
    }

    @Test
    void aRunThatLearnsNothingIsCalledOutAsChanceLevel() {
        // plain SGD at 1e-6 for one epoch leaves the network at chance on the three balanced spirals
        CliRun run = refused("train", "--data", "spirals", "--optimizer", "sgd", "--lr", "1e-6", "--epochs", "1");
        assertThat(run.err()).contains("no better than").contains("constant predictor").contains("chance level");
    }

    private static double metric(CliRun run, String regex) {
        Matcher m = Pattern.compile(regex).matcher(run.out());
        assertThat(m.find()).as(run.toString()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** Every built-in data set with nothing but --data: exit 0 and a result well above chance. */
    @ParameterizedTest
    @CsvSource({"digits, 0.95", "iris, 0.85", "moons, 0.95", "circles, 0.95", "spirals, 0.85", "xor, 0.85"})
    void everyBuiltInClassificationSetTrainsWithItsDefaults(String data, double minimumAccuracy) {
        CliRun run = CliRun.of("train", "--data", data);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(metric(run, "test accuracy (\\d\\.\\d+)")).isGreaterThanOrEqualTo(minimumAccuracy);
    }

    @Test
    void theLinearSetTrainsWithItsDefaultsInsteadOfDivergingToAnInfiniteLoss() {
        CliRun run = CliRun.of("train", "--data", "linear");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).doesNotContain("Infinity").doesNotContain("stopped early");
        assertThat(metric(run, "R² (-?\\d+\\.\\d+)")).isGreaterThan(0.99);
    }

    @Test
    void theLinearSetWithTheDeepNetworkIsReportedAsDivergedNotAsSuccess() {
        CliRun run = refused("train", "--data", "linear", "--hidden", "128:relu,64:relu");
        assertThat(run.err()).contains("training diverged");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.1", "NaN", "nan", "Infinity", "1"})
    void dropoutOutOfRangeIsRefusedWithOneExitCodeWhateverTheSpelling(String p) {
        CliRun run = refused("train", "--dropout", p, "--epochs", "1");
        assertThat(run.err()).contains("--dropout must be a probability in [0, 1)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"--epochs;5", "--lr;0.1", "--schedule;cosine:T=10", "--batch-size;16", "--early-stopping;3",
            "--clip-norm;1", "--clip-value;1"})
    void fullBatchOptimisersRefuseMiniBatchOptionsTheyWouldIgnore(String option, String value) {
        CliRun run = refused("train", "--optimizer", "lbfgs", option, value);
        assertThat(run.err()).contains(option + " has no effect with the full-batch optimizer lbfgs");
        assertThat(run.out()).isEmpty(); // refused before a backend was opened or data read
    }

    @Test
    void optionsWithoutEffectInTheConfigurationAreRefusedWithTheReason() {
        assertThat(refused("train", "--data", "iris", "--augment", "shift:1").err())
                .contains("--augment transforms images, but --data iris has 4 features per sample");
        assertThat(refused("train", "--hidden", "").err()).contains("--hidden is empty");
        assertThat(refused("train", "--hidden", "64:relu,,32").err()).contains("empty layer");
        assertThat(refused("train", "--hidden", "0:relu").err()).contains("needs a width >= 1, got 0");
        assertThat(refused("train", "--min-delta", "0.01").err()).contains("--min-delta has no effect without --early-stopping");
        assertThat(refused("train", "--l2-form", "half-over-batch").err()).contains("--l2-form has no effect without an L2 penalty");
        assertThat(refused("train", "--optimizer", "adam:lr=0.01", "--lr", "0.1").err()).contains("--lr has no effect");
        assertThat(refused("train", "--hidden", "none", "--dropout", "0.2").err()).contains("--dropout has no effect without hidden layers");
        assertThat(refused("train", "--data", "linear", "--loss", "sparse_cce").err()).contains("classification loss");
    }

    @Test
    void badOptionsAreRefusedBeforeTheDataSetIsRead() {
        // Fashion-MNIST takes seconds to read: nothing may be printed (no backend chosen, no data read) before the refusal
        CliRun run = refused("train", "--data", "fashion-mnist", "--clip-norm", "-1");
        assertThat(run.err()).contains("--clip-norm must be a finite number > 0, got -1.0");
        assertThat(run.out()).isEmpty();
        assertThat(RunStatus.current()).doesNotStartWith("loading");
    }

    @Test
    void aTooWideNetworkIsRefusedWithItsParameterCountInsteadOfAnInternalError() {
        CliRun run = refused("train", "--hidden", "100000,100000,100000", "--epochs", "1");
        // 64·1e5 + 1e5 + 2·(1e5·1e5 + 1e5) + 1e5·10 + 10
        assertThat(run.err()).contains("model too large: 20,007,700,010 parameters (limit 2,147,483,639");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void splitMessagesNameTheOptionAndTheirHintWorks() {
        CliRun fractions = refused("train", "--split", "0.7/0.15/0.15");
        assertThat(fractions.err()).contains("--split takes train/validation/test percentages").contains("multiply each by 100, e.g. 70/15/15");
        assertThat(refused("train", "--split", "a/b/c").err()).contains("--split").contains("'a' in 'a/b/c' is not a number");
        assertThat(refused("train", "--split", "70/30").err()).contains("--split").contains("(2 parts)");
        assertThat(refused("train", "--split", "100/0/0").err()).contains("leaves the validation part empty");
        CliRun hint = CliRun.of("train", "--split", "70/15/15", "--epochs", "1");
        assertThat(hint.exitCode()).as(hint.toString()).isZero();
    }

    @Test
    void aNumberThatDoesNotParseIsAUsageErrorWithTheMyelinPrefix() {
        CliRun run = CliRun.of("train", "--lr", "abc");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("myelin: Invalid value for option '--lr': 'abc' is not a number").contains("myelin train --help");
    }

    @Test
    void earlyStoppingHelpSaysHowPatienceCounts() {
        CliRun run = CliRun.of("train", "--help");
        assertThat(run.out().replaceAll("\\s+", " ")).contains("Stop after PATIENCE consecutive epochs in which val_loss did not improve (as Keras and PyTorch Lightning count");
    }

    @Test
    void gradcheckValidatesItsOptions() {
        assertThat(refused("gradcheck", "--epsilon", "nan").err()).contains("--epsilon must be a finite number > 0, got NaN");
        assertThat(refused("gradcheck", "--inputs", "0").err()).contains("--inputs must be >= 1, got 0");
        assertThat(refused("gradcheck", "--hidden", "").err()).contains("--hidden is empty");
    }
}
