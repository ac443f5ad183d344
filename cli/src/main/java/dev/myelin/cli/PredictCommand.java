package dev.myelin.cli;

import dev.myelin.backend.DType;
import dev.myelin.backend.DeviceManager;
import dev.myelin.ensemble.Ensemble;
import dev.myelin.ensemble.EnsembleFile;
import dev.myelin.model.Model;
import dev.myelin.model.Predictor;
import dev.myelin.modelfile.AtomicFiles;
import dev.myelin.modelfile.ModelIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code myelin predict}: predictions of a saved model for the rows of a CSV file of raw features. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict with a saved model (.myelin) for every row of a CSV file of raw features (the model applies its own normaliser).")
final class PredictCommand implements Callable<Integer> {

    @Mixin
    Console console;

    @Option(names = "--model", required = true, description = "The model file (written by myelin train --save). Repeat it, or give an ensemble"
            + " file (myelin search --ensemble), to average the probabilities of several models, run in float64.")
    List<Path> modelFiles;

    @Option(names = "--input", required = true, description = "CSV file of raw features, one sample per line; a header line is detected.")
    Path input;

    @Option(names = "--output", description = "Write the predictions to this CSV file (atomically) instead of the standard output.")
    Path output;

    @Option(names = "--proba", description = "Classifiers: also print the probability of every class.")
    boolean proba;

    @Option(names = "--label-column", description = "A column of the input to ignore (e.g. the label of a data set), by header name or 0-based index.")
    String labelColumn;

    @Mixin
    SavedModelBackend backend;

    @Override
    public Integer call() throws IOException {
        PrintWriter log = console.err();
        boolean single = modelFiles.size() == 1 && !EnsembleFile.isEnsemble(modelFiles.get(0));
        DType dtype = single ? ModelIO.inspect(modelFiles.get(0)).dtype() : DType.FLOAT64;
        DeviceManager.Selection selection = backend.open(dtype);
        try (var device = selection.backend(); Models models = new Models(EnsembleFile.loadAll(modelFiles, device))) {
            Model model = models.list().get(0);
            FeatureCsv rows = FeatureCsv.read(input, model.inputWidth(), labelColumn);
            Predictor predictor = new Predictor(model);
            double[] outputs = single ? predictor.predict(rows.values(), rows.rows()) : new Ensemble(models.list()).predict(rows.values(), rows.rows());
            List<String> lines = lines(model, predictor, outputs, rows.rows());
            if (output == null) {
                PrintWriter out = console.out();
                lines.forEach(out::println);
                out.flush();
            } else {
                AtomicFiles.write(output, stream -> {
                    Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                    for (String line : lines) {
                        w.write(line);
                        w.write('\n');
                    }
                    w.flush();
                });
                log.println("myelin: wrote " + rows.rows() + " predictions to " + output);
            }
            return 0;
        }
    }

    /** Closes every model it holds. */
    private record Models(List<Model> list) implements AutoCloseable {
        @Override
        public void close() {
            list.forEach(Model::close);
        }
    }

    private List<String> lines(Model model, Predictor predictor, double[] outputs, int rows) {
        int k = model.outputWidth();
        List<String> lines = new ArrayList<>();
        if (!model.loss().isClassification()) {
            List<String> head = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                head.add(k == 1 ? "prediction" : "prediction_" + j);
            }
            lines.add(String.join(",", head));
            for (int i = 0; i < rows; i++) {
                StringBuilder sb = new StringBuilder();
                for (int j = 0; j < k; j++) {
                    sb.append(j > 0 ? "," : "").append(outputs[i * k + j]);
                }
                lines.add(sb.toString());
            }
            return lines;
        }
        int classes = predictor.classCount();
        StringBuilder head = new StringBuilder("class");
        if (proba) {
            for (int c = 0; c < classes; c++) {
                head.append(',').append(csvCell("p_" + predictor.className(c)));
            }
        }
        lines.add(head.toString());
        int[] labels = predictor.classes(outputs, rows);
        for (int i = 0; i < rows; i++) {
            StringBuilder sb = new StringBuilder(csvCell(predictor.className(labels[i])));
            if (proba) {
                for (int c = 0; c < classes; c++) {
                    sb.append(',').append(String.format(Locale.ROOT, "%.6g", predictor.probability(outputs, i, c)));
                }
            }
            lines.add(sb.toString());
        }
        return lines;
    }

    private static String csvCell(String text) {
        return text.contains(",") || text.contains("\"") ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
