package dev.myelin.cli;

import dev.myelin.cpu.CpuGemm;
import dev.myelin.regularization.Regularization;
import dev.myelin.tune.Direction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The enum-valued options: the help lists each one's choices from its enum ({@code ${COMPLETION-CANDIDATES}}), so a new
 * constant shows without editing a description; a value names a constant as the help writes it (or with underscores);
 * anything else is a usage error (exit 2) listing the same choices.
 */
class EnumOptionsCliTest {

    /** A command's help, with every run of blanks one space. */
    private static String help(String command) {
        CliRun run = CliRun.of(command, "--help");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run.out().replaceAll("\\s+", " ");
    }

    private static <E extends Enum<E>> String choices(Class<E> type) {
        return String.join(", ", Choices.names(type));
    }

    @Test
    void theHelpListsTheChoicesOfEveryEnumOptionFromItsEnum() {
        assertThat(choices(Precision.class)).isEqualTo("f32, f64");
        assertThat(choices(SearchMetric.class)).isEqualTo("val-accuracy, val-loss");
        String train = help("train");
        assertThat(train).contains("--precision=<precision> " + choices(Precision.class) + ";")
                .contains("one of " + choices(Normalization.class) + ":")
                .contains("one of " + choices(Regularization.L2Form.class) + ":")
                .contains("one of " + choices(CpuGemm.class) + ":");
        String search = help("search");
        assertThat(search).contains("--strategy=<kind> " + choices(StrategyOptions.Kind.class) + " (default: random)")
                .contains("one of " + choices(SearchMetric.class) + ":");
        assertThat(help("evaluate")).contains("Which part to evaluate: " + choices(DataPart.class) + " (default: test)");
    }

    @Test
    void theSearchMetricIsAnEnumWithItsHistoryNameAndDirection() {
        SearchCommand search = (SearchCommand) MyelinCli.commandLine().parseArgs("search", "--metric", "val_loss").subcommand().commandSpec().userObject();
        assertThat(search.metric).isEqualTo(SearchMetric.VAL_LOSS);
        assertThat(search.metric.historyName()).isEqualTo("val_loss");
        assertThat(search.metric.direction()).isEqualTo(Direction.MINIMIZE);
        assertThat(SearchMetric.VAL_ACCURACY.direction()).isEqualTo(Direction.MAXIMIZE);

        CliRun bad = CliRun.of("search", "--metric", "accuracy", "--param", "lr=0.01|0.1");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).startsWith("myelin: Invalid value for option '--metric': 'accuracy' is not one of val-accuracy, val-loss");
    }
}
