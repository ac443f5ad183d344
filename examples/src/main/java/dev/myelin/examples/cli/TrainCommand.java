package dev.myelin.examples.cli;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.DeviceManager;
import dev.myelin.cpu.CpuGemm;
import dev.myelin.data.Dataset;
import dev.myelin.data.augment.Augmentations;
import dev.myelin.data.augment.Augmenter;
import dev.myelin.data.augment.ImageShape;
import dev.myelin.data.augment.PixelStandardScaler;
import dev.myelin.data.NormalizerParams;
import dev.myelin.data.MinMaxScaler;
import dev.myelin.data.Split;
import dev.myelin.data.Splits;
import dev.myelin.data.StandardScaler;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelBuilder;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.Optimizers;
import dev.myelin.optim.fullbatch.MinimizationResult;
import dev.myelin.optim.fullbatch.Minimizer;
import dev.myelin.optim.fullbatch.Minimizers;
import dev.myelin.regularization.Regularization;
import dev.myelin.report.HtmlReport;
import dev.myelin.schedule.Schedule;
import dev.myelin.schedule.Schedules;
import dev.myelin.train.EarlyStopping;
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
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code myelin train}: trains an MLP, by default on the embedded 8×8 digits, and reports test accuracy. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train an MLP (default: the embedded 8x8 handwritten digits) and report its test accuracy.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--hidden", description = "Hidden layers as width:activation, comma separated, or none (default: 128:relu,64:relu; linear: none).")
    String hidden;

    @Option(names = "--loss", description = "Loss (default: sparse_cce with a softmax output for classification, mse for regression).")
    String loss;

    @Option(names = "--epochs", description = "Epochs, >= 1 (default: 30; fashion-mnist: 10). Not with the full-batch lbfgs and cg.")
    Integer epochs;

    @Option(names = "--batch-size", defaultValue = "32", description = "Mini-batch size, >= 1; 1 = stochastic GD, the training-set size = batch GD (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--optimizer", description = "Optimiser as name[:key=value,...]: sgd, momentum, nesterov, ema, adagrad, adadelta, rmsprop, adam, adamw, nadam, or the full-batch lbfgs and cg (small models; they take no --epochs, --lr, --schedule, --batch-size, --augment, --early-stopping or clipping); e.g. adamw:lr=1e-3,wd=0.01 or rmsprop:centered,momentum=0.9 (default: momentum; spirals: adam).")
    String optimizer;

    @Option(names = "--lr", description = "Learning rate, finite and > 0, when the --optimizer specification gives no lr (default: 0.05; spirals: 0.01).")
    Double learningRate;

    @Option(names = "--dropout", defaultValue = "0", description = "Dropout probability after every hidden activation, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--batch-norm", description = "Batch normalisation between every hidden dense layer and its activation.")
    boolean batchNorm;

    @Option(names = "--schedule", defaultValue = "constant", description = "Learning-rate schedule, e.g. constant, step:s=10,gamma=0.5, cosine:T=30, warmup:3+cosine:T=27, onecycle, plateau:factor=0.5,patience=3 (default: ${DEFAULT-VALUE}). onecycle without steps= uses epochs × batches.")
    String schedule;

    @Option(names = "--l1", defaultValue = "0", description = "L1 penalty λ on the weights (default: ${DEFAULT-VALUE}).")
    double l1;

    @Option(names = "--l2", defaultValue = "0", description = "L2 penalty λ·‖W‖² on the weights (default: ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--l2-form", defaultValue = "plain", description = "plain (λ‖W‖²) or half-over-batch (λ/2m·‖W‖²) (default: ${DEFAULT-VALUE}).")
    String l2Form;

    @Option(names = "--clip-value", description = "Clip every gradient element to [-v, v].")
    Double clipValue;

    @Option(names = "--clip-norm", description = "Clip the gradient's global L2 norm to n.")
    Double clipNorm;

    @Option(names = "--early-stopping", description = "Stop after PATIENCE consecutive epochs in which val_loss did not improve (as Keras and PyTorch Lightning count: 20 stops at the 20th such epoch, 0 at the first), and restore the best epoch's weights.")
    Integer patience;

    @Option(names = "--min-delta", defaultValue = "0", description = "Smallest val_loss improvement early stopping counts; needs --early-stopping (default: ${DEFAULT-VALUE}).")
    double minDelta;

    @Option(names = "--monitor", description = "Record per-layer gradient norms, update ratios and activation health, and print them for the last epoch.")
    boolean monitor;

    @Option(names = "--augment", description = "Image augmentation of every training batch (image data only: digits 8x8, fashion-mnist 28x28), comma separated: shift:PIXELS, rotate:DEGREES, zoom:MIN-MAX, elastic:ALPHA:SIGMA, noise:STD; e.g. shift:1,rotate:10,noise:0.5. Runs in pixel units around the normaliser.")
    String augment;

    @Option(names = "--normalize", defaultValue = "standard", description = "Input normalisation fitted on the training split: standard (per feature), pixel-standard (one mean/std for all pixels, best with --augment), minmax or none (default: ${DEFAULT-VALUE}).")
    String normalize;

    @Option(names = "--split", defaultValue = "70/15/15", description = "Train/validation/test percentages adding up to 100; train and validation > 0 (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the split, the weights and the shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--backend", description = "auto, cpu or cuda (default: auto, or -Dmyelin.backend / MYELIN_BACKEND).")
    String backend;

    @Option(names = "--precision", defaultValue = "f32", description = "f32 or f64 (default: ${DEFAULT-VALUE}).")
    String precision;

    @Mixin
    PersistenceOptions persistence;

    @Option(names = "--threads", defaultValue = "0", description = "CPU worker threads, 0 = one per core (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--report", paramLabel = "DIR", description = "Write DIR/report.html (loss, accuracy, learning rate, per-layer gradient norms and update ratios, confusion matrix, overfitting summary; one self-contained file) and DIR/epochs.csv (one row per epoch).")
    Path report;
    @Option(names = "--cpu-gemm", description = "GEMM of the CPU backend for training: auto (OpenBLAS when it loads, else java), native (OpenBLAS, or fail when it cannot load) or java (the pure-Java reference); predictions and evaluations run the pure-Java GEMM either way, so a row's bits do not depend on its batch (default: auto, or -Dmyelin.cpu.gemm).")
    String cpuGemm;

    @Override
    public Integer call() throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (cpuGemm != null) {
            System.setProperty(CpuGemm.PROPERTY, CpuGemm.parse(cpuGemm).name().toLowerCase(Locale.ROOT));
        }
        DataChoice builtIn = builtIn();
        resolveDefaults(builtIn);
        new TrainOptionsValidator(this, spec.commandLine().getParseResult()).validate();
        persistence.validate();
        ModelSpec knownSpec = null;
        if (builtIn != null) { // its shape is known before anything is read: check the model's size now
            knownSpec = modelSpec(builtIn.features(), builtIn.classes(), builtIn.targetWidth());
            knownSpec.checkSize();
        }
        DeviceManager.Selection selection = new DeviceManager().open(backend, dtype(), new BackendOptions(threads), out::println);
        try (var device = selection.backend()) {
            long maxHeap = Runtime.getRuntime().maxMemory();
            MemoryEstimate memory = knownSpec == null ? null
                    : MemoryEstimate.of(builtIn, knownSpec.parameterCount(), device.dtype().bytes(), device.usesHostMemory());
            if (memory != null) {
                memory.check(maxHeap);
            }
            try {
                return run(device, out);
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
        hidden = hidden != null ? hidden : d.hidden();
        optimizer = optimizer != null ? optimizer : d.optimizer();
        learningRate = learningRate != null ? learningRate : d.learningRate();
        epochs = epochs != null ? epochs : d.epochs();
    }

    private int run(dev.myelin.backend.Backend device, PrintWriter out) throws java.io.IOException {
        RunStatus.set("loading --data " + data.data);
        LoadedData loaded = data.load(seed);
        Dataset all = loaded.data();
        Split parts = split(loaded, split, seed);
        NormalizerParams normalizer = normaliser(parts);
        Split scaled = normalizer == null ? parts : normalizer.transform(parts);
        int testSize = scaled.test() == null ? 0 : scaled.test().size();
        out.printf(Locale.ROOT, "data: %s, %d samples (%d train, %d validation, %d test%s), %d features%s%n", all.name(),
                scaled.train().size() + scaled.validation().size() + testSize, scaled.train().size(), scaled.validation().size(), testSize,
                loaded.hasSeparateTest() ? " from " + loaded.test().name() : "", all.featureCount(), classes(all));
        if (report != null && isFullBatch()) {
            throw new IllegalArgumentException("--report charts epochs, which the full-batch optimisers (lbfgs, cg) do not have; use sgd, adam, …");
        }
        ModelSpec modelSpec = modelSpec(all.featureCount(), all.isClassification() ? all.numClasses() : 0, all.targetWidth());
        int exitCode = 0;
        History trained = null;
        try (Model model = persistence.createOrResume(modelSpec, device, seed, out)) {
            out.println(model.summary());
            DivergenceDetector divergence = DivergenceDetector.before(model, scaled.train());
            long start = System.nanoTime();
            java.util.Optional<String> failure;
            if (isFullBatch()) {
                Minimizer minimizer = Minimizers.parse(optimizer);
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
                spec.commandLine().getErr().println("myelin: " + failure.get());
                exitCode = 1;
            } else {
                persistence.saveIfAsked(model, normalizer, all, out); // a failed run is not saved as if it were a model
            }
        }
        return exitCode;
    }

    boolean isFullBatch() {
        String name = optimizer.trim().toLowerCase(Locale.ROOT).split(":", 2)[0];
        return Minimizers.NAMES.contains(name);
    }

    private History train(Model model, Split scaled, Augmenter augmenter, PrintWriter out) {
        Optimizer opt = optimizer();
        out.println("optimizer: " + opt.describe() + ", batch size " + batchSize + ", " + epochs + " epochs, seed " + seed);
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
            out.println("augmentation: " + augment);
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
        Trainer.Builder builder = Trainer.builder().epochs(epochs).batchSize(batchSize).seed(seed).optimizer(optimizer())
                .schedule(schedule(scaled.train().size()));
        if (clipValue != null) {
            builder.clipByValue(clipValue);
        }
        if (clipNorm != null) {
            builder.clipByGlobalNorm(clipNorm);
        }
        if (patience != null) {
            builder.callback(new EarlyStopping("val_loss", minDelta, patience, true));
        }
        if (monitor) {
            builder.callback(new TrainingMonitor(scaled.train()));
        }
        if (augmenter != null) {
            builder.augmentation(augmenter);
        }
        return builder;
    }

    private Schedule schedule(int trainSize) {
        String text = schedule.trim();
        if (text.equals("onecycle") || text.endsWith("+onecycle")) {
            text += ":steps=" + ((long) epochs * ((trainSize + batchSize - 1) / batchSize));
        }
        return Schedules.parse(text);
    }

    private Regularization regularization() {
        Regularization.L2Form form = switch (l2Form.toLowerCase(Locale.ROOT)) {
            case "plain" -> Regularization.L2Form.PLAIN;
            case "half-over-batch", "half_over_batch" -> Regularization.L2Form.HALF_OVER_BATCH;
            default -> throw new IllegalArgumentException("--l2-form must be plain or half-over-batch, got '" + l2Form + "'");
        };
        return new Regularization(l1, l2, form, false);
    }

    DType dtype() {
        return switch (precision.toLowerCase(Locale.ROOT)) {
            case "f32", "float32" -> DType.FLOAT32;
            case "f64", "float64" -> DType.FLOAT64;
            default -> throw new IllegalArgumentException("--precision must be f32 or f64, got '" + precision + "'");
        };
    }

    /**
     * Splits by {@code --split}; with a separate test set, the data is split into train and validation only,
     * in the ratio of the first two percentages.
     */
    static Split split(LoadedData loaded, String split, long seed) {
        SplitOption p = SplitOption.parse(split);
        double train = p.train();
        double val = p.validation();
        double test = p.test();
        Dataset all = loaded.data();
        if (loaded.hasSeparateTest()) {
            double sum = train + val;
            Split parts = all.isClassification() ? Splits.stratified(all, train / sum, val / sum, 0, seed) : Splits.random(all, train / sum, val / sum, 0, seed);
            return new Split(parts.train(), parts.validation(), loaded.test());
        }
        return all.isClassification() ? Splits.stratified(all, train, val, test, seed) : Splits.random(all, train, val, test, seed);
    }

    /** ", 3 classes (setosa, versicolor, virginica)" for a classification set, "" for regression. */
    private static String classes(Dataset all) {
        if (!all.isClassification()) {
            return "";
        }
        String names = all.classNames().isEmpty() ? "" : " (" + String.join(", ", all.classNames()) + ")";
        return ", " + all.numClasses() + " classes" + names;
    }

    NormalizerParams normaliser(Split parts) {
        return switch (normalize.toLowerCase(Locale.ROOT)) {
            case "standard" -> new StandardScaler().fit(parts.train());
            case "pixel-standard" -> new PixelStandardScaler().fit(parts.train());
            case "minmax" -> new MinMaxScaler().fit(parts.train());
            case "none" -> null;
            default -> throw new IllegalArgumentException("--normalize must be standard, pixel-standard, minmax or none, got '" + normalize + "'");
        };
    }

    Augmenter augmenter(Dataset all, NormalizerParams normalizer) {
        if (augment == null || augment.isBlank()) {
            return null;
        }
        int side = (int) Math.round(Math.sqrt(all.featureCount()));
        if (side * side != all.featureCount()) {
            throw new IllegalArgumentException("--augment needs square single-channel images, but data set '" + all.name() + "' has "
                    + all.featureCount() + " features per sample");
        }
        Augmenter images = AugmentOption.parse(augment, ImageShape.square(side));
        return normalizer == null ? images : Augmentations.inPixelUnits(normalizer, images);
    }

    /** The network for {@code features} inputs and {@code classes} classes, or (0 classes) a regression with {@code targets} outputs. */
    ModelSpec modelSpec(int features, int classes, int targets) {
        ModelBuilder builder = NetworkOption.addHidden(ModelSpec.builder(features), NetworkOption.parse("--hidden", hidden), batchNorm, dropout)
                .regularization(regularization());
        if (classes > 0) {
            Loss l = loss == null ? Loss.sparseCategoricalCrossEntropy() : Loss.parse(loss);
            boolean binary = l.kind() == dev.myelin.backend.LossKind.BINARY_CROSS_ENTROPY;
            int outputs = binary && classes == 2 ? 1 : classes;
            Activation act = binary ? Activation.sigmoid() : (l.isClassification() ? Activation.softmax() : Activation.identity());
            return builder.output(outputs, act, l).build();
        }
        Loss l = loss == null ? Loss.meanSquaredError() : Loss.parse(loss);
        return builder.output(targets, Activation.identity(), l).build();
    }

    private Optimizer optimizer() {
        return Optimizers.parse(optimizer, learningRate);
    }
}
