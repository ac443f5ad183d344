package dev.myelin.cli;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.LossKind;
import dev.myelin.data.augment.RandomShift;
import dev.myelin.data.augment.RandomZoom;
import dev.myelin.loss.Loss;
import dev.myelin.nn.Activation;
import dev.myelin.optim.AdamW;
import dev.myelin.optim.Optimizers;
import dev.myelin.optim.fullbatch.Lbfgs;
import dev.myelin.schedule.OneCycle;
import dev.myelin.schedule.Schedules;
import dev.myelin.schedule.StepDecay;
import dev.myelin.tune.Param;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each option language is read when the command line is parsed, through the tool's own entry point
 * ({@link MyelinCli#commandLine()}): a good value becomes the object it describes, a bad one ends the run with exit 1 and
 * one {@code myelin: ...} line naming the option, the bad token and what is accepted, before anything runs.
 */
class OptionLanguagesCliTest {

    /** The command object {@code args} parse into (the subcommand named first). */
    private static <T> T parsed(Class<T> type, String... args) {
        return type.cast(MyelinCli.commandLine().parseArgs(args).subcommand().commandSpec().userObject());
    }

    /** Standard error of a run that must be refused with exit 1 before anything ran. */
    private static String refused(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).as(run.toString()).isEmpty();
        return run.err();
    }

    @Test
    void optimizerIsARecipeThatTakesTheLearningRateOfLrOrAFullBatchMethodReadWhole() {
        OptimizationOptions adamw = parsed(TrainCommand.class, "train", "--optimizer", "adamw:wd=0.02,beta2=0.99", "--lr", "0.003").optimization;
        assertThat(adamw.optimizer.name()).isEqualTo("adamw");
        assertThat(adamw.optimizer.isFullBatch()).isFalse();
        assertThat(adamw.optimizer.setsLearningRate()).isFalse();
        // β1 and ε keep Adam's defaults (0.9, 1e-8); the rate is --lr's
        assertThat(adamw.optimizer()).isEqualTo(new AdamW(0.003, 0.9, 0.99, 1e-8, 0.02));
        assertThat(parsed(TrainCommand.class, "train", "--optimizer", "adam:learning_rate=0.1").optimization.optimizer.setsLearningRate()).isTrue();

        OptimizerRecipe lbfgs = parsed(TrainCommand.class, "train", "--optimizer", "lbfgs:history=5,max_iter=200").optimization.optimizer;
        assertThat(lbfgs.isFullBatch()).isTrue();
        // max_eval follows max_iter: 5/4 of 200; the tolerances and step keep their defaults
        assertThat(lbfgs.fullBatch()).isEqualTo(new Lbfgs(5, 200, 250, 1e-7, 1e-9, 1.0));
    }

    @Test
    void aBadOptimizerExitsWith1NamingTheOptionTheTokenAndWhatIsAccepted() {
        assertThat(refused("train", "--optimizer", "adamm"))
                .isEqualTo("myelin: --optimizer: unknown optimizer 'adamm' in 'adamm'; valid: " + String.join(", ", Optimizers.NAMES) + "\n");
        assertThat(refused("train", "--optimizer", "adam:beta3=0.9"))
                .isEqualTo("myelin: --optimizer: adam has no setting 'beta3' (in 'adam:beta3=0.9'); it takes lr, beta1, beta2, eps, wd\n");
    }

    @Test
    void scheduleIsARecipeThatBuildsAFreshScheduleAndGivesABareOneCycleTheRunsSteps() {
        ScheduleRecipe step = parsed(TrainCommand.class, "train", "--schedule", "step:s=10,gamma=0.5").optimization.schedule;
        assertThat(step.text()).isEqualTo("step:s=10,gamma=0.5");
        assertThat(step.schedule(1000)).isEqualTo(new StepDecay(10, 0.5));

        ScheduleRecipe plateau = parsed(TrainCommand.class, "train", "--schedule", "plateau:patience=2").optimization.schedule;
        assertThat(plateau.schedule(1)).as("a plateau schedule holds one run's state").isNotSameAs(plateau.schedule(1));

        OptimizationOptions oneCycle = parsed(TrainCommand.class, "train", "--schedule", "onecycle", "--epochs", "3", "--batch-size", "32").optimization;
        // 100 training samples in batches of 32: 4 steps per epoch, 3 epochs
        assertThat(oneCycle.schedule(100)).isInstanceOfSatisfying(OneCycle.class, s -> assertThat(s.totalSteps()).isEqualTo(3 * 4));
        CliRun run = CliRun.of("train", "--data", "iris", "--schedule", "onecycle", "--epochs", "2", "--backend", "cpu");
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    @Test
    void aBadScheduleExitsWith1NamingTheOptionTheTokenAndWhatIsAccepted() {
        assertThat(refused("train", "--schedule", "cosin"))
                .isEqualTo("myelin: --schedule: unknown schedule 'cosin' in 'cosin'; valid: " + Schedules.NAMES + "\n");
        assertThat(refused("train", "--schedule", "cosine")).isEqualTo("myelin: --schedule: cosine: T is required, e.g. cosine:T=50, in 'cosine'\n");
    }

    @Test
    void lossIsReadIntoTheLossItNames() {
        Loss loss = parsed(TrainCommand.class, "train", "--loss", "cce,smoothing=0.1").network.loss;
        assertThat(loss.kind()).isEqualTo(LossKind.CATEGORICAL_CROSS_ENTROPY);
        assertThat(loss.spec().labelSmoothing()).isEqualTo(0.1);
        assertThat(loss.spec().fromLogits()).isFalse();
        assertThat(parsed(GradcheckCommand.class, "gradcheck", "--loss", "huber:2").network.loss.spec().delta()).isEqualTo(2.0);
    }

    @Test
    void aBadLossExitsWith1NamingTheOptionTheTokenAndWhatIsAccepted() {
        assertThat(refused("train", "--loss", "hinge")).startsWith("myelin: --loss: unknown loss 'hinge'; expected mse, mae, huber[:δ], bce, bce_logits,");
        assertThat(refused("gradcheck", "--loss", "mse:2")).isEqualTo("myelin: --loss: mse takes no value, got 'mse:2'; write mse\n");
    }

    @Test
    void outputActivationIsReadIntoTheActivationItNames() {
        Activation leaky = parsed(GradcheckCommand.class, "gradcheck", "--output-activation", "leaky_relu:0.2").outputActivation;
        assertThat(leaky.kind()).isEqualTo(ActivationKind.LEAKY_RELU);
        assertThat(leaky.alpha()).isEqualTo(0.2);
    }

    @Test
    void aBadActivationExitsWith1NamingTheOptionTheTokenAndWhatIsAccepted() {
        String expected = "unknown activation 'relu6'; expected one of " + ActivationKind.names() + "\n";
        assertThat(refused("gradcheck", "--output-activation", "relu6")).isEqualTo("myelin: --output-activation: " + expected);
        assertThat(refused("train", "--hidden", "64:relu6")).isEqualTo("myelin: --hidden: " + expected);
    }

    @Test
    void hiddenIsReadIntoItsLayersWithReluWhenTheActivationIsLeftOut() {
        HiddenLayers hidden = parsed(TrainCommand.class, "train", "--hidden", "16:elu:0.5,8").network.hidden;
        assertThat(hidden.text()).isEqualTo("16:elu:0.5,8");
        assertThat(hidden.layers()).containsExactly(new HiddenLayers.Layer(16, Activation.elu(0.5)), new HiddenLayers.Layer(8, Activation.relu()));
        assertThat(parsed(TrainCommand.class, "train", "--hidden", "none").network.hidden.isEmpty()).isTrue();
    }

    @Test
    void aBadHiddenExitsWith1NamingTheOptionTheTokenAndWhatIsAccepted() {
        assertThat(refused("train", "--hidden", "64:relu,x")).isEqualTo("myelin: --hidden: hidden layer 'x' must start with its width, e.g. 64:relu\n");
        assertThat(refused("gradcheck", "--hidden", "-3:tanh")).isEqualTo("myelin: --hidden: hidden layer '-3:tanh' needs a width >= 1, got -3\n");
        // the options of a search's trials are read by the same code, with the same message and exit code
        assertThat(refused("search", "--hidden", "64:relu,x", "--param", "lr=0.01|0.1"))
                .isEqualTo("myelin: --hidden: hidden layer 'x' must start with its width, e.g. 64:relu\n");
    }

    @Test
    void augmentIsReadIntoItsTransformationsInOrder() {
        ImageAugmentation augment = parsed(TrainCommand.class, "train", "--augment", "shift:1,zoom:0.9-1.1").augment;
        assertThat(augment.text()).isEqualTo("shift:1,zoom:0.9-1.1");
        assertThat(augment.transforms()).containsExactly(new RandomShift(1), new RandomZoom(0.9, 1.1));
    }

    @Test
    void aBadAugmentExitsWith1NamingTheOptionTheTokenAndWhatIsAccepted() {
        assertThat(refused("train", "--augment", "spin:3"))
                .isEqualTo("myelin: unknown augmentation 'spin' in --augment spin:3; valid: shift, rotate, zoom, elastic, noise\n");
        assertThat(refused("train", "--augment", "zoom:0.9")).isEqualTo("myelin: --augment zoom:0.9: 'zoom:0.9' needs a range, written zoom:MIN-MAX, e.g. zoom:0.9-1.1\n");
    }

    @Test
    void splitIsReadIntoItsFractionsByTrainAndEvaluateAlike() {
        for (SplitOptions split : List.of(parsed(TrainCommand.class, "train", "--split", "80/10/10").splitting,
                parsed(EvaluateCommand.class, "evaluate", "--model", "m.myelin", "--split", "80/10/10").splitting)) {
            assertThat(split.split).isEqualTo(new SplitPercentages(0.8, 0.1, 0.1));
            assertThat(split.split.percentages()).isEqualTo("80/10/10");
        }
    }

    @Test
    void aBadSplitExitsWith1NamingTheOptionTheTokenAndWhatIsAccepted() {
        assertThat(refused("train", "--split", "70/30"))
                .isEqualTo("myelin: --split takes train/validation/test percentages that add up to 100, such as 70/15/15; got '70/30' (2 parts)\n");
        assertThat(refused("evaluate", "--model", "m.myelin", "--split", "70/x/15"))
                .isEqualTo("myelin: --split takes train/validation/test percentages that add up to 100, such as 70/15/15; 'x' in '70/x/15' is not a number\n");
    }

    @Test
    void searchParamsAreReadIntoTheSettingsTheySearch() {
        SearchCommand search = parsed(SearchCommand.class, "search", "--param", "lr=1e-4..1e-1:log", "--param", "batch-size=int:16..128",
                "--param", "hidden=64:relu|128:relu,64:relu");
        assertThat(search.searched.params).containsExactly(new Param.FloatRange("lr", 1e-4, 0.1, true, 3),
                new Param.IntRange("batch-size", 16, 128, 1, false), new Param.Categorical("hidden", List.of("64:relu", "128:relu,64:relu")));
    }

    @Test
    void aBadSearchParamExitsWith1NamingTheOptionTheTokenAndWhatIsAccepted() {
        assertThat(refused("search", "--param", "lr"))
                .isEqualTo("myelin: --param must be name=values, e.g. lr=1e-4..1e-1:log or hidden=64:relu|128:relu; got 'lr'\n");
    }

    @Test
    void theDelimiterIsOneCharacterOrBackslashTForATab() {
        assertThat(parsed(TrainCommand.class, "train").data.delimiter).isEqualTo(',');
        assertThat(parsed(TrainCommand.class, "train", "--delimiter", "\\t").data.delimiter).isEqualTo('\t');
        assertThat(parsed(EvaluateCommand.class, "evaluate", "--model", "m.myelin", "--delimiter", ";").data.delimiter).isEqualTo(';');
        assertThat(refused("train", "--delimiter", "ab")).isEqualTo("myelin: --delimiter must be one character (or \\t for a tab), got 'ab'\n");
    }

    @Test
    void otherValuesThatDoNotParseStayUsageErrorsWithExit2() {
        CliRun number = CliRun.of("train", "--lr", "abc");
        assertThat(number.exitCode()).isEqualTo(2);
        assertThat(number.err()).startsWith("myelin: Invalid value for option '--lr': 'abc' is not a number").contains("myelin train --help");
        CliRun unknown = CliRun.of("train", "--optimiser", "adam");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("myelin: Unknown options: '--optimiser', 'adam'");
        assertThat(List.of(number.out(), unknown.out())).containsOnly("");
    }
}
