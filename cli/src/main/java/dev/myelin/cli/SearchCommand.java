package dev.myelin.cli;

import dev.myelin.data.Dataset;
import dev.myelin.ensemble.Ensemble;
import dev.myelin.ensemble.EnsembleFile;
import dev.myelin.model.Model;
import dev.myelin.report.HtmlReport;
import dev.myelin.train.Callback;
import dev.myelin.train.Evaluation;
import dev.myelin.tune.Param;
import dev.myelin.tune.RemoteSearch;
import dev.myelin.tune.Search;
import dev.myelin.tune.SearchResults;
import dev.myelin.tune.SearchSpace;
import dev.myelin.tune.Strategy;
import dev.myelin.tune.TrialResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** {@code myelin search}: a hyperparameter search over the settings of {@code myelin train}. */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Search the settings of `myelin train` (grid, random or ASHA), in parallel, and rank the trials by their validation score.",
                "Every option of `myelin train` (--data, --split, --normalize, --seed, --epochs, --hidden, --optimizer, ...) sets the base of"
                        + " every trial; the space then varies settings named as train options without dashes (lr, hidden, batch-size, dropout,"
                        + " batch-norm, optimizer, schedule, l2, ...). --epochs is each trial's budget (ASHA's largest). The test split is"
                        + " only used for the best configuration, retrained after the search."},
        footer = {"", "Example: myelin search --data digits --epochs 30 --strategy asha --trials 27 --workers 2 --param lr=1e-3..0.3:log"
                + " --param 'hidden=64:relu|128:relu,64:relu' --out search --report search"})
final class SearchCommand implements Callable<Integer> {

    /** The best configuration's model, retrained, in the output directory. */
    static final String BEST_MODEL = "best.myelin";
    /** The top configurations' models as one ensemble file, in the output directory. */
    static final String ENSEMBLE = "ensemble.myelin";

    @Mixin
    Console console;

    @Mixin
    SpaceOptions searched;

    @Mixin
    StrategyOptions strategy;

    @Option(names = "--workers", defaultValue = "1", description = "Trials trained at once, each with cores / workers CPU threads (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--folds", defaultValue = "0", description = "Score by k-fold cross-validation over train + validation; 0 = on the validation split (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--metric", completionCandidates = SearchMetric.Names.class,
            description = "Score that ranks the trials, one of ${COMPLETION-CANDIDATES}: the validation accuracy (classification default, maximised) or loss (regression default, minimised).")
    SearchMetric metric;

    @Option(names = "--ensemble", defaultValue = "0", description = "Also retrain the best K configurations (at most 15), score the average of their probabilities on the test split and save them as one ensemble file (default: ${DEFAULT-VALUE}: none).")
    int ensemble;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "search", description = "Where trials.jsonl (finished trials; a rerun with the same options resumes), trials.csv, trials.json, best.myelin (the best configuration retrained) and ensemble.myelin (with --ensemble) go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--report", paramLabel = "DIR", description = "Write DIR/report.html: score against each setting, the ranking, and the best configuration's training charts.")
    Path report;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Run the trials as Apache Spark tasks, one trial per task, at this master (local[2], spark://host:7077, yarn, ...; 'submit': the master spark-submit was given). Grid or random search; trials.jsonl is not kept. Needs the spark module and Spark on the class path: see spark/README.md.")
    String spark;

    @Unmatched
    List<String> trainOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter console = this.console.out();
        long wallStart = System.nanoTime();
        TrainCommand base = TrainArgs.parse(trainOptions, Map.of());
        RemoteSearch engine = spark == null ? null : sparkEngine();   // before any data is read
        SearchSpace space = searched.space();
        TrainArgs.checkNames(space);
        Dataset data = base.data.load(base.splitting.seed).data();
        TrialTraining training = new TrialTraining(trainOptions, metric != null ? metric
                : data.isClassification() ? SearchMetric.VAL_ACCURACY : SearchMetric.VAL_LOSS, folds);
        Strategy chosen = strategy.strategy();
        if (chosen instanceof Strategy.Asha && folds > 0) {
            throw new IllegalArgumentException("ASHA prunes on the validation score epoch by epoch; use --strategy grid or random with --folds");
        }
        Files.createDirectories(out);
        Consumer<TrialResult> progress = t -> {
            console.printf(Locale.ROOT, "trial %3d %-8s %s  %d epochs, %.1f s  %s%s%n", t.id(), t.status().name().toLowerCase(Locale.ROOT),
                    Double.isNaN(t.score()) ? "     -" : String.format(Locale.ROOT, "%.4f", t.score()), t.epochs(), t.seconds(),
                    t.config().describe(), t.message().isEmpty() ? "" : "  (" + t.message() + ")");
            console.flush();
        };
        SearchResults results;
        if (engine != null) {
            console.printf(Locale.ROOT, "search: %s over %s on %s, on Spark (%s): one trial per task, %d epochs per trial, seed %d%n", StrategyOptions.describe(chosen),
                    space.params().stream().map(Param::name).toList(), data.name(), spark, base.optimization.epochs, base.splitting.seed);
            console.flush();
            results = engine.run(spark, space, chosen, training, training.direction(), base.optimization.epochs, base.splitting.seed, progress);
        } else {
            Search search = Search.builder(space, chosen, training).direction(training.direction()).maxEpochs(base.optimization.epochs).workers(workers)
                    .seed(base.splitting.seed).journal(out.resolve("trials.jsonl")).onTrialEnd(progress).build();
            console.printf(Locale.ROOT, "search: %s over %s on %s, %d worker(s) × %d thread(s), %d epochs per trial, seed %d%n", StrategyOptions.describe(chosen),
                    space.params().stream().map(Param::name).toList(), data.name(), workers, search.threadsPerTrial(), base.optimization.epochs, base.splitting.seed);
            console.flush();
            results = search.run();
        }
        results.writeCsv(out.resolve("trials.csv"));
        results.writeJson(out.resolve("trials.json"));
        console.print(results.table());
        console.printf(Locale.ROOT, "%d trials, %d epochs in all, %.1f s; results in %s%n", results.trials().size(), results.totalEpochs(),
                (System.nanoTime() - wallStart) / 1e9, out);
        TrialResult best = results.best().orElse(null);
        if (best == null) {
            console.println("myelin: every trial failed; see the messages above");
            return 1;
        }
        return retrainBest(console, training, results, space, best);
    }

    /** Retrains the best configuration (and the top K for an ensemble) with every core, and scores it on the test split. */
    private int retrainBest(PrintWriter console, TrialTraining training, SearchResults results, SearchSpace space, TrialResult best)
            throws java.io.IOException {
        TrainCommand command = training.command(best.params());
        int threads = Runtime.getRuntime().availableProcessors();
        RunReport recorder = report == null ? null : new RunReport(report);
        List<TrialTraining.Trained> members = new ArrayList<>();
        try {
            var parts = TrialTraining.split(command);
            TrialTraining.Trained first = recorder == null ? TrialTraining.train(command, threads, parts, null)
                    : TrialTraining.train(command, threads, parts, null, recorder.callbacks(parts.train(), command.monitor).toArray(Callback[]::new));
            members.add(first);
            Dataset test = first.split().test() != null ? first.split().test() : first.split().validation();
            String which = test == first.split().test() ? "test" : "validation";
            Evaluation eval = first.evaluate(test);
            Path bestFile = out.resolve(BEST_MODEL);
            first.model().save(bestFile);
            console.printf(Locale.ROOT, "best: trial %d (%s), validation score %.4f; retrained: %s accuracy %.4f, loss %.4f; saved as %s%n", best.id(),
                    best.config().describe(), best.score(), which, eval.accuracy(), eval.loss(), bestFile);
            if (ensemble > 1 && test.isClassification()) {
                List<TrialResult> top = results.top(ensemble);
                double sum = eval.accuracy();
                for (TrialResult t : top.subList(1, top.size())) {
                    TrainCommand c = training.command(t.params());
                    TrialTraining.Trained member = TrialTraining.train(c, threads, TrialTraining.split(c), null);
                    members.add(member);
                    double acc = member.evaluate(test).accuracy();
                    sum += acc;
                    console.printf(Locale.ROOT, "  member trial %d: %s accuracy %.4f%n", t.id(), which, acc);
                }
                Ensemble combined = new Ensemble(members.stream().map(TrialTraining.Trained::model).toList());
                Dataset rawTest = test == first.split().test() ? first.raw().test() : first.raw().validation();   // predict normalises
                double accuracy = combined.accuracy(rawTest);
                Path ensembleFile = out.resolve(ENSEMBLE);
                EnsembleFile.save(combined, ensembleFile);
                console.printf(Locale.ROOT, "ensemble of the top %d: %s accuracy %.4f (members' mean %.4f); saved as %s%n", members.size(), which,
                        accuracy, sum / members.size(), ensembleFile);
            }
            if (recorder != null) {
                Path page = new HtmlReport("myelin search on " + test.name().replaceAll("/.*", "")).addSearch(results, space)
                        .addTraining(recorder.run("Best configuration: trial " + best.id() + " (" + best.config().describe() + ")",
                                first.model().summary(), first.history(), eval, which))
                        .write(report);
                console.println("report: " + page);
            }
            return 0;
        } finally {
            members.forEach(TrialTraining.Trained::close);
        }
    }

    /** The Spark engine, found on the class path; a clear error when the spark module or Spark is not there. */
    private RemoteSearch sparkEngine() {
        if (workers != 1) {
            throw new IllegalArgumentException("--workers sets the trials trained at once on this machine; with --spark every trial is a Spark"
                    + " task (spark.task.cpus threads each): drop --workers");
        }
        try {
            for (RemoteSearch engine : ServiceLoader.load(RemoteSearch.class)) {
                if (engine.name().equals("spark")) {
                    return engine;
                }
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new IllegalStateException("--spark: the spark module is on the class path but Apache Spark is not (" + e.getMessage()
                    + "): run through spark/myelin-spark or spark-submit, see spark/README.md");
        }
        throw new IllegalArgumentException("--spark needs the spark module and Apache Spark on the class path, which ./myelin does not have:"
                + " run spark/myelin-spark search ... --spark " + spark + ", or spark-submit (see spark/README.md)");
    }
}
