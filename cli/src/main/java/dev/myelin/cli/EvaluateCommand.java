package dev.myelin.cli;

import dev.myelin.backend.DeviceManager;
import dev.myelin.data.Dataset;
import dev.myelin.model.Model;
import dev.myelin.modelfile.ModelIO;
import dev.myelin.train.ConfusionMatrix;
import dev.myelin.train.Evaluation;
import dev.myelin.train.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code myelin evaluate}: loss, accuracy, confusion matrix and per-class F1 of a saved model on a data set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a saved model (.myelin) on a data set: loss, accuracy, confusion matrix and per-class precision, recall and F1"
                + " (regression: MSE, MAE, R²). The test part is the one myelin train held out with the same --data, --split and --seed"
                + " (or the separate test set: --test-data, fashion-mnist's official 10,000).")
final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    Console console;

    @Option(names = "--model", required = true, description = "The model file (written by myelin train --save).")
    Path modelFile;

    @Mixin
    DataOptions data;

    @Mixin
    SplitOptions splitting;

    @Option(names = "--part", defaultValue = "test", completionCandidates = DataPart.Names.class,
            description = "Which part to evaluate: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    DataPart part;

    @Mixin
    SavedModelBackend backend;

    @Override
    public Integer call() throws IOException {
        String which = Choices.name(part);
        ModelIO.SavedModel saved = ModelIO.inspect(modelFile);
        PrintWriter out = console.out();
        LoadedData loaded = data.load(splitting.seed);
        Dataset set = part.of(loaded, () -> splitting.apply(loaded));
        if (set == null || set.size() == 0) {
            throw new IllegalArgumentException("the " + which + " part of " + loaded.data().name() + " is empty with --split " + splitting.split.percentages());
        }
        if (set.featureCount() != saved.spec().inputWidth()) {
            throw new IllegalArgumentException(modelFile + " takes " + saved.spec().inputWidth() + " features but " + set.name() + " has "
                    + set.featureCount());
        }
        if (!saved.classNames().isEmpty() && !set.classNames().isEmpty() && !saved.classNames().equals(set.classNames())) {
            throw new IllegalArgumentException("the model's classes " + saved.classNames() + " are not the data set's " + set.classNames());
        }
        DeviceManager.Selection selection = backend.open(saved.dtype());
        try (var device = selection.backend(); Model model = ModelIO.build(modelFile, saved, device)) {
            Dataset scaled = model.inputNormalizer().map(n -> n.transform(set)).orElse(set);
            Evaluation eval = Evaluator.evaluate(model, scaled);
            out.printf(Locale.ROOT, "%s: %s part of %s, %d samples%n", modelFile, which, loaded.data().name(), eval.samples());
            ConfusionMatrix confusion = eval.confusion();
            if (confusion == null) {
                out.printf(Locale.ROOT, "loss %.6f, MSE %.6f, MAE %.6f, R² %.4f%n", eval.loss(), eval.mse(), eval.mae(), eval.r2());
                return 0;
            }
            out.printf(Locale.ROOT, "loss %.6f, accuracy %.4f%n", eval.loss(), eval.accuracy());
            if (!model.classNames().isEmpty()) {
                StringBuilder names = new StringBuilder("classes:");
                for (int c = 0; c < model.classNames().size(); c++) {
                    names.append(' ').append(c).append(' ').append(model.classNames().get(c)).append(c + 1 < model.classNames().size() ? "," : "");
                }
                out.println(names);
            }
            out.println("confusion matrix (rows: actual, columns: predicted) and per-class precision, recall and F1:");
            out.print(confusion);
            out.printf(Locale.ROOT, "macro F1 %.4f%n", confusion.macroF1());
            out.flush();
            return 0;
        }
    }
}
