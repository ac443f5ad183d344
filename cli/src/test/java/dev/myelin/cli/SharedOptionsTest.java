package dev.myelin.cli;

import dev.myelin.loss.Loss;
import dev.myelin.nn.Activation;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The option blocks several commands share ({@code @Mixin}s) read the same text the same way in each of them. */
class SharedOptionsTest {

    private static NetworkOptions networkOf(Object command, String... args) {
        MyelinCli.withConverters(new CommandLine(command)).parseArgs(args);
        return command instanceof TrainCommand t ? t.network : ((GradcheckCommand) command).network;
    }

    @Test
    void trainAndGradcheckReadTheNetworkOptionsIntoTheSameLayersAndLoss() {
        String[] args = {"--hidden", "16:elu:0.5,8:tanh", "--loss", "huber:2"};
        NetworkOptions train = networkOf(new TrainCommand(), args);
        NetworkOptions gradcheck = networkOf(new GradcheckCommand(), args);
        List<HiddenLayers.Layer> expected = List.of(new HiddenLayers.Layer(16, Activation.elu(0.5)),
                new HiddenLayers.Layer(8, Activation.tanh()));
        assertThat(train.hiddenLayers()).isEqualTo(expected);
        assertThat(gradcheck.hiddenLayers()).isEqualTo(expected);
        assertThat(train.loss(null)).isEqualTo(Loss.huber(2)).isEqualTo(gradcheck.loss(null));
    }

    @Test
    void eachCommandFillsInItsOwnDefaultForAnOptionLeftOut() {
        NetworkOptions train = networkOf(new TrainCommand());
        NetworkOptions gradcheck = networkOf(new GradcheckCommand());
        train.defaultHidden(HiddenLayers.parse("--hidden", "128:relu,64:relu"));
        gradcheck.defaultHidden(GradcheckCommand.DEFAULT_HIDDEN);
        assertThat(train.hiddenLayers()).extracting(HiddenLayers.Layer::units).containsExactly(128, 64);
        assertThat(gradcheck.hiddenLayers()).extracting(HiddenLayers.Layer::units).containsExactly(8, 7, 5);
        assertThat(train.loss(Loss.meanSquaredError())).isEqualTo(Loss.meanSquaredError());
    }

    @Test
    void theOutputActivationFollowsTheLoss() {
        // sigmoid for the binary cross-entropy, softmax for the categorical ones, identity for the regression losses
        assertThat(NetworkOptions.outputActivation(Loss.parse("bce"))).isEqualTo(Activation.sigmoid());
        assertThat(NetworkOptions.outputActivation(Loss.parse("sparse_cce"))).isEqualTo(Activation.softmax());
        assertThat(NetworkOptions.outputActivation(Loss.parse("cce,smoothing=0.1"))).isEqualTo(Activation.softmax());
        assertThat(NetworkOptions.outputActivation(Loss.parse("mae"))).isEqualTo(Activation.identity());
    }

    @Test
    void aBadValueGetsTheSameMessageFromEveryCommandThatSharesTheOption() {
        for (Object command : new Object[] {new TrainCommand(), new GradcheckCommand()}) {
            // both options are read as the command line is parsed: the first bad one fails it, with the language's message
            assertThatThrownBy(() -> networkOf(command, "--hidden", "64:relu,,32", "--loss", "hinge")).as(command.getClass().getSimpleName())
                    .rootCause().hasMessage("--hidden '64:relu,,32' has an empty layer between commas; write each as name:value");
            assertThatThrownBy(() -> networkOf(command, "--hidden", "64:relu", "--loss", "hinge")).rootCause().hasMessageStartingWith("unknown loss 'hinge'");
        }
        CliRun train = CliRun.of("train", "--hidden", "64:relu,,32");
        CliRun gradcheck = CliRun.of("gradcheck", "--hidden", "64:relu,,32");
        assertThat(train.exitCode()).isEqualTo(1).isEqualTo(gradcheck.exitCode());
        assertThat(train.err()).isEqualTo(gradcheck.err())
                .isEqualTo("myelin: --hidden '64:relu,,32' has an empty layer between commas; write each as name:value\n");
    }

    @Test
    void theHelpOfBothCommandsDescribesTheSharedOptionsOnceInTheSameWords() {
        for (String command : new String[] {"train", "gradcheck"}) {
            String help = CliRun.of(command, "--help").out().replaceAll("\\s+", " ");
            assertThat(help.split("Hidden layers as width:activation, comma separated, or none", -1)).as(command).hasSize(2);
            assertThat(help.split("Loss: mse, mae, huber\\[:δ]", -1)).as(command).hasSize(2);
        }
    }

    @Test
    void aStrategyThatIsNotOneOfTheChoicesIsAUsageErrorNamingThem() {
        CliRun run = CliRun.of("search", "--strategy", "sideways", "--param", "lr=0.01|0.1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("myelin: Invalid value for option '--strategy': 'sideways' is not one of grid, random, asha");
    }
}
