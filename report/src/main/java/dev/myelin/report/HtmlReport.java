package dev.myelin.report;

import dev.myelin.train.History;
import dev.myelin.train.OverfittingReport;
import dev.myelin.tune.Param;
import dev.myelin.tune.SearchResults;
import dev.myelin.tune.SearchSpace;
import dev.myelin.tune.TrialConfig;
import dev.myelin.tune.TrialResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML page (no scripts, no links: it opens offline) of a training run or a search. Charts are inline
 * SVG, each in a {@code <figure class="chart">}. A training run shows loss and accuracy per epoch (training and validation),
 * the learning rate per step, per-layer gradient norms and update/weight ratios (when the training monitor ran), the
 * confusion matrix as a heat map and the overfitting summary. A search adds, first, the score against each setting and the
 * ranking table. Build one, add sections, then {@link #write}. Not thread-safe.
 */
public final class HtmlReport {
    /** The file name {@link #write} uses in its directory. */
    public static final String FILE_NAME = "report.html";
    private final String title;
    private final StringBuilder body = new StringBuilder();
    private int charts;

    public HtmlReport(String title) {
        this.title = title;
    }

    /** How many charts the page holds so far. */
    public int chartCount() {
        return charts;
    }

    /** Adds the charts and summary of one training run. */
    public HtmlReport addTraining(TrainingRun run) {
        History h = run.history();
        body.append("<section><h2>").append(esc(run.title())).append("</h2>\n");
        if (!run.summary().isBlank()) {
            body.append("<pre>").append(esc(run.summary().strip())).append("</pre>\n");
        }
        double[] epochs = new double[h.epochs()];
        for (int i = 0; i < epochs.length; i++) {
            epochs[i] = i + 1;
        }
        body.append("<div class=\"grid\">\n");
        chart(Charts.lines("Loss per epoch", "epoch", "loss", epochs, pick(h, "loss", "training", "val_loss", "validation"), false));
        if (h.has("accuracy")) {
            chart(Charts.lines("Accuracy per epoch", "epoch", "accuracy", epochs, pick(h, "accuracy", "training", "val_accuracy", "validation"), false));
        }
        double[] rates = run.stepLearningRates();
        if (rates.length > 0) {
            double[] steps = new double[rates.length];
            for (int i = 0; i < steps.length; i++) {
                steps[i] = i + 1;
            }
            chart(Charts.lines("Learning rate per step", "step", "learning rate", steps, Map.of("learning rate", rates), false));
        }
        Map<String, double[]> norms = perLayer(h, "grad_norm/");
        if (!norms.isEmpty()) {
            chart(Charts.lines("Gradient norm per layer", "epoch", "‖gradient‖₂", epochs, norms, true));
        }
        Map<String, double[]> ratios = perLayer(h, "update_ratio/");
        if (!ratios.isEmpty()) {
            chart(Charts.lines("Update / weight ratio per layer", "epoch", "‖Δw‖ / ‖w‖", epochs, ratios, true));
        }
        if (run.confusion() != null) {
            chart(Charts.confusion("Confusion matrix", run.confusion()));
        }
        body.append("</div>\n");
        if (h.has("val_loss") && h.epochs() > 3) {
            body.append("<h3>Overfitting</h3>\n<pre>").append(esc(OverfittingReport.of(h).summary().strip())).append("</pre>\n");
        }
        h.stopReason().ifPresent(r -> body.append("<p>Training stopped early: ").append(esc(r)).append("</p>\n"));
        body.append("</section>\n");
        return this;
    }

    /** Adds a chart of the score against each setting of {@code space}, and the ranking table. */
    public HtmlReport addSearch(SearchResults results, SearchSpace space) {
        long scored = results.trials().stream().filter(t -> t.status().scored()).count();
        body.append("<section><h2>Search: ").append(results.trials().size()).append(" trials, ").append(scored).append(" scored, ")
                .append(results.totalEpochs()).append(" epochs in all</h2>\n");
        body.append("<div class=\"grid\">\n");
        for (Param p : space.params()) {
            List<TrialResult> points = results.trials().stream().filter(t -> t.status().scored() && t.params().containsKey(p.name())).toList();
            double[] x = new double[points.size()];
            double[] y = new double[points.size()];
            List<Object> categories = p.numeric() ? null : p.gridValues();
            for (int i = 0; i < x.length; i++) {
                Object v = points.get(i).params().get(p.name());
                x[i] = categories == null ? ((Number) v).doubleValue() : categories.indexOf(v);
                y[i] = points.get(i).score();
            }
            boolean log = p instanceof Param.FloatRange f ? f.log() : p instanceof Param.IntRange r && r.log();
            chart(Charts.scatter("Score against " + p.name(), p.name(), "score", x, y,
                    categories == null ? null : d -> label(categories, d), log && x.length > 0));
        }
        body.append("</div>\n");
        body.append("<h3>Ranking</h3>\n<table>\n<tr><th>rank</th><th>trial</th><th>status</th><th>score</th><th>epochs</th><th>seconds</th>");
        for (String name : results.paramNames()) {
            body.append("<th>").append(esc(name)).append("</th>");
        }
        body.append("<th>message</th></tr>\n");
        int rank = 1;
        for (TrialResult t : results.trials()) {
            body.append("<tr class=\"").append(t.status().name().toLowerCase(Locale.ROOT)).append("\"><td>")
                    .append(t.status().scored() ? String.valueOf(rank++) : "–").append("</td><td>").append(t.id()).append("</td><td>")
                    .append(t.status().name().toLowerCase(Locale.ROOT)).append("</td><td>")
                    .append(Double.isNaN(t.score()) ? "–" : String.format(Locale.ROOT, "%.4f", t.score())).append("</td><td>")
                    .append(t.epochs()).append("</td><td>").append(String.format(Locale.ROOT, "%.1f", t.seconds())).append("</td>");
            for (String name : results.paramNames()) {
                body.append("<td>").append(esc(t.params().containsKey(name) ? TrialConfig.format(t.params().get(name)) : "")).append("</td>");
            }
            body.append("<td>").append(esc(t.message())).append("</td></tr>\n");
        }
        body.append("</table>\n</section>\n");
        return this;
    }

    /** The whole page. */
    public String html() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(title) + "</title>\n<style>\n"
                + "body{font-family:sans-serif;margin:24px;color:#222;background:#fff}"
                + ".grid{display:flex;flex-wrap:wrap;gap:12px}"
                + "figure.chart{margin:0;border:1px solid #ddd;padding:4px}"
                + "figure.chart svg{display:block;width:" + Charts.WIDTH + "px;height:auto}"
                + "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}"
                + "tr.failed,tr.diverged{color:#a00}tr.pruned{color:#777}pre{background:#f6f6f6;padding:8px}"
                + "\n</style>\n</head>\n<body>\n<h1>" + esc(title) + "</h1>\n" + body + "</body>\n</html>\n";
    }

    /** Writes the page to {@code dir}/{@value #FILE_NAME} (through a temporary file, so a reader never sees half a page) and returns its path. */
    public Path write(Path dir) {
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(FILE_NAME);
            Path tmp = Files.createTempFile(dir, ".report", ".html");
            try {
                Files.writeString(tmp, html(), StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
    }

    private void chart(String svg) {
        charts++;
        body.append("<figure class=\"chart\">").append(svg).append("</figure>\n");
    }

    private static Map<String, double[]> pick(History h, String train, String trainLabel, String val, String valLabel) {
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put(trainLabel, h.get(train));
        if (h.has(val)) {
            out.put(valLabel, h.get(val));
        }
        return out;
    }

    private static Map<String, double[]> perLayer(History h, String prefix) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String name : h.metricNames()) {
            if (name.startsWith(prefix)) {
                out.put(name.substring(prefix.length()), h.get(name));
            }
        }
        return out;
    }

    private static String label(List<Object> categories, double x) {
        int i = (int) Math.round(x);
        return Math.abs(x - i) < 1e-9 && i >= 0 && i < categories.size() ? String.valueOf(categories.get(i)) : " ";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
