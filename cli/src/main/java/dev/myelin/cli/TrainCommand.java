package dev.myelin.cli;

import dev.myelin.backend.DeviceManager;
import dev.myelin.data.Dataset;
import dev.myelin.data.augment.Augmentations;
import dev.myelin.data.augment.Augmenter;
import dev.myelin.data.augment.ImageShape;
import dev.myelin.data.NormalizerParams;
import dev.myelin.data.Split;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelBuilder;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.fullbatch.MinimizationResult;
import dev.myelin.optim.fullbatch.Minimizer;
import dev.myelin.report.HtmlReport;
import dev.myelin.train.OverfittingReport;
import dev.myelin.train.Evaluation;
import dev.myelin.train.TrainingMonitor;
import dev.myelin.train.Evaluator;
import dev.myelin.train.History;
import dev.myelin.train.ProgressLogger;
import dev.myelin.train.Trainer;
import dev.myelin.train.DivergenceDetector;
import dev.myelin.train.Numbers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code myelin train}: trains an MLP, by default on the embedded 8×8 digits, and reports test accuracy. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train an MLP (default: the embedded 8x8 handwritten digits) and report its test accuracy.")
final class TrainCommand implements Callable<Integer> {

    @Mixin
    Console console;

    @Mixin
    DataOptions data;

    @Mixin
    NetworkOptions network;

    @Mixin
    OptimizationOptions optimization;

    @Option(names = "--dropout", defaultValue = "0", description = "Dropout probability after every hidden activation, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--batch-norm", description = "Batch normalisation between every hidden dense layer and its activation.")
    boolean batchNorm;

    @Mixin
    RegularizationOptions regularization;

    @Option(names = "--monitor", description = "Record per-layer gradient norms, update ratios and activation health, and print them for the last epoch.")
    boolean monitor;

    @Option(names = "--augment", converter = ImageAugmentation.Converter.class, description = "Image augmentation of every training batch (image data only: digits 8x8, fashion-mnist 28x28), comma separated: shift:PIXELS, rotate:DEGREES, zoom:MIN-MAX, elastic:ALPHA:SIGMA, noise:STD; e.g. shift:1,rotate:10,noise:0.5. Runs in pixel units around the normaliser.")
    ImageAugmentation augment;

    @Option(names = "--normalize", defaultValue = "standard", completionCandidates = Normalization.Names.class, description = "Input normalisation fitted on the training split, one of ${COMPLETION-CANDIDATES}: per feature, one mean/std for all pixels (best with --augment), per feature to [0, 1], or none (default: ${DEFAULT-VALUE}).")
    Normalization normalize;

    @Mixin
    SplitOptions splitting;

    @Mixin
    DeviceOptions device;

    @Mixin
    PersistenceOptions persistence;

    @Option(names = "--report", paramLabel = "DIR", description = "Write DIR/report.html (loss, accuracy, learning rate, per-layer gradient norms and update ratios, confusion matrix, overfitting summary; one self-contained file) and DIR/epochs.csv (one row per epoch).")
    Path report;

    @Override
    public Integer call() throws java.io.IOException {
        PrintWriter out = console.out();
        RunStatus.set("checking the options");   // this run's status from the start, not the one of an earlier run in this JVM
        DataChoice builtIn = builtIn();
        resolveDefaults(builtIn);
        new TrainOptionsValidator(this, console.parsed()).validate();
        persistence.validate();
        ModelSpec knownSpec = null;
        if (builtIn != null) { // its shape is known before anything is read: check the model's size now
            knownSpec = modelSpec(builtIn.shape().features(), builtIn.shape().classes(), builtIn.shape().targetWidth());
            knownSpec.checkSize();
        }
        DeviceManager.Selection selection = device.open(device.threads, out::println);
        try (var backend = selection.backend()) {
            long maxHeap = Runtime.getRuntime().maxMemory();
            MemoryEstimate memory = knownSpec == null ? null
                    : MemoryEstimate.of(builtIn.shape(), knownSpec.parameterCount(), backend.dtype().bytes(), backend.usesHostMemory());
            if (memory != null) {
                memory.check(maxHeap);
            }
            try {
                return run(backend, out);
            } catch (OutOfMemoryError e) {
                throw new IllegalStateException(memory != null ? memory.outOfMemory(maxHeap)
                        : "out of memory: the Java heap (limit " + MemoryEstimate.mib(maxHeap) + ") ran out while training on " + data.data
                        + "; raise it, e.g. MYELIN_JAVA_OPTS=-Xmx8g ./myelin train ..., or use a smaller model or data set", e);
            }
        }
    }

    private RunReport runReport;

    /** The built-in data set {@code --data} names, or null for a file. */
    DataChoice builtIn() {
        return DataChoice.find(data.data);
    }

    /** Fills the options left out with the defaults of the chosen data set (a file: those of the digits). */
    void resolveDefaults(DataChoice builtIn) {
        DataChoice.Defaults d = builtIn != null ? builtIn.defaults() : DataChoice.Defaults.STANDARD;
        network.defaultHidden(d.hidden());
        optimization.resolveDefaults(d);
    }

    private int run(dev.myelin.backend.Backend backend, PrintWriter out) throws java.io.IOException {
        RunStatus.set("loading --data " + data.data);
        LoadedData loaded = data.load(splitting.seed);
        Dataset all = loaded.data();
        Split parts = splitting.apply(loaded);
        NormalizerParams normalizer = normalize.fit(parts);
        Split scaled = normalizer == null ? parts : normalizer.transform(parts);
        int testSize = scaled.test() == null ? 0 : scaled.test().size();
        out.printf(Locale.ROOT, "data: %s, %d samples (%d train, %d validation, %d test%s), %d features%s%n", all.name(),
                scaled.train().size() + scaled.validation().size() + testSize, scaled.train().size(), scaled.validation().size(), testSize,
                loaded.hasSeparateTest() ? " from " + loaded.test().name() : "", all.featureCount(), classes(all));
        if (report != null && optimization.isFullBatch()) {
            throw new IllegalArgumentException("--report charts epochs, which the full-batch optimisers (lbfgs, cg) do not have; use sgd, adam, …");
        }
        ModelSpec modelSpec = modelSpec(all.featureCount(), all.isClassification() ? all.numClasses() : 0, all.targetWidth());
        int exitCode = 0;
        History trained = null;
        try (Model model = persistence.createOrResume(modelSpec, backend, splitting.seed, out)) {
            out.println(model.summary());
            DivergenceDetector divergence = DivergenceDetector.before(model, scaled.train());
            long start = System.nanoTime();
            java.util.Optional<String> failure;
            if (optimization.isFullBatch()) {
                Minimizer minimizer = optimization.optimizer.fullBatch();
                out.println("optimizer: " + minimizer.describe() + " (full batch, " + scaled.train().size() + " samples)");
                RunStatus.set("during full-batch minimisation (" + minimizer.describe() + ")");
                MinimizationResult result = minimizer.fit(model, scaled.train());
                out.printf(Locale.ROOT, "%s after %d iterations, %d evaluations: training loss %s, max |gradient| %.3g, %.1f s%n",
                        result.termination(), result.iterations(), result.evaluations(), Numbers.format(result.value(), 6), result.gradientMaxNorm(),
                        (System.nanoTime() - start) / 1e9);
                failure = divergence.diagnose(result.value(), Evaluator.evaluate(model, scaled.validation()).loss());
            } else {
                History history = train(model, scaled, augmenter(all, normalizer), out);
                trained = history;
                out.printf(Locale.ROOT, "trained %d epochs in %.1f s%n", history.epochs(), (System.nanoTime() - start) / 1e9);
                if (monitor) {
                    history.metricNames().stream().filter(name -> name.contains("/"))
                            .forEach(name -> out.printf(Locale.ROOT, "  %-28s %.4g%n", name, history.last(name)));
                }
                failure = divergence.diagnose(history);
                if (failure.isEmpty() && history.has("val_loss") && history.epochs() > 3) {
                    out.println(OverfittingReport.of(history, divergence).summary());
                }
            }
            RunStatus.set("evaluating");
            Dataset test = scaled.test() != null && scaled.test().size() > 0 ? scaled.test() : scaled.validation();
            String which = test == scaled.test() ? "test" : "validation";
            Evaluation eval = Evaluator.evaluate(model, test);
            if (eval.confusion() != null) {
                out.println("confusion matrix (" + which + "):");
                out.print(eval.confusion());
                out.printf(Locale.ROOT, "%s loss %s, %s accuracy %.4f (%d samples)%n", which, Numbers.format(eval.loss()), which, eval.accuracy(),
                        eval.samples());
            } else {
                out.printf(Locale.ROOT, "%s loss %s, MSE %s, MAE %s, R² %s (%d samples)%n", which, Numbers.format(eval.loss()),
                        Numbers.format(eval.mse(), 5), Numbers.format(eval.mae(), 5), Numbers.format(eval.r2()), eval.samples());
            }
            if (report != null) {
                out.println("report: " + new HtmlReport("myelin train --data " + data.data).addTraining(
                        runReport.run("Training on " + all.name(), model.summary(), trained, eval, which)).write(report));
            }
            if (failure.isPresent()) {
                out.flush();
                console.err().println("myelin: " + failure.get());
                exitCode = 1;
            } else {
                persistence.saveIfAsked(model, normalizer, all, out); // a failed run is not saved as if it were a model
            }
        }
        return exitCode;
    }

    private History train(Model model, Split scaled, Augmenter augmenter, PrintWriter out) {
        Optimizer opt = optimization.optimizer();
        out.println("optimizer: " + opt.describe() + ", batch size " + optimization.batchSize + ", " + optimization.epochs + " epochs, seed " + splitting.seed);
        out.flush();
        Trainer.Builder builder = trainerBuilder(scaled, augmenter)
                .callback(new ProgressLogger(line -> {
                    out.println(line);
                    out.flush();
                }));
        builder.callback(new RunStatus.Tracker());
        builder.callback(ProgressDisplay.forConsole(line -> {
            out.println(line);
            out.flush();
        }));
        if (augmenter != null) {
            out.println("augmentation: " + augment.text());
        }
        if (report != null) {
            runReport = new RunReport(report);
            runReport.callbacks(scaled.train(), monitor).forEach(builder::callback);
        }
        var checkpoints = persistence.addCheckpoints(builder, scaled.validation() != null && scaled.validation().size() > 0);
        Trainer trainer = builder.build();
        return persistence.train(checkpoints, state -> trainer.fit(model, scaled.train(), scaled.validation(), state));
    }

    /** The trainer these options describe, without progress output: what {@code train} and each search trial run. */
    Trainer.Builder trainerBuilder(Split scaled, Augmenter augmenter) {
        Trainer.Builder builder = Trainer.builder().epochs(optimization.epochs).batchSize(optimization.batchSize).seed(splitting.seed)
                .optimizer(optimization.optimizer()).schedule(optimization.schedule(scaled.train().size()));
        regularization.addTo(builder);
        if (monitor) {
            builder.callback(new TrainingMonitor(scaled.train()));
        }
        if (augmenter != null) {
            builder.augmentation(augmenter);
        }
        return builder;
    }

    /** ", 3 classes (setosa, versicolor, virginica)" for a classification set, "" for regression. */
    private static String classes(Dataset all) {
        if (!all.isClassification()) {
            return "";
        }
        String names = all.classNames().isEmpty() ? "" : " (" + String.join(", ", all.classNames()) + ")";
        return ", " + all.numClasses() + " classes" + names;
    }

    Augmenter augmenter(Dataset all, NormalizerParams normalizer) {
        if (augment == null) {
            return null;
        }
        int side = (int) Math.round(Math.sqrt(all.featureCount()));
        if (side * side != all.featureCount()) {
            throw new IllegalArgumentException("--augment needs square single-channel images, but data set '" + all.name() + "' has "
                    + all.featureCount() + " features per sample");
        }
        Augmenter images = augment.augmenter(ImageShape.square(side));
        return normalizer == null ? images : Augmentations.inPixelUnits(normalizer, images);
    }

    /** The network for {@code features} inputs and {@code classes} classes, or (0 classes) a regression with {@code targets} outputs. */
    ModelSpec modelSpec(int features, int classes, int targets) {
        ModelBuilder builder = network.hiddenPart(features, batchNorm, dropout).regularization(regularization.penalty());
        if (classes > 0) {
            Loss l = network.loss(Loss.sparseCategoricalCrossEntropy());
            boolean binary = l.kind() == dev.myelin.backend.LossKind.BINARY_CROSS_ENTROPY;
            return builder.output(binary && classes == 2 ? 1 : classes, NetworkOptions.outputActivation(l), l).build();
        }
        return builder.output(targets, Activation.identity(), network.loss(Loss.meanSquaredError())).build();
    }
}
