package dev.myelin.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every trial of a search, best first: scored trials ({@link TrialStatus#COMPLETE} before {@link TrialStatus#PRUNED},
 * each by score), then diverged and failed ones, ties by trial id. As a console table, CSV or JSON. Immutable.
 */
public final class SearchResults {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final List<TrialResult> trials;
    private final Direction direction;
    private final int maxEpochs;

    public SearchResults(List<TrialResult> trials, Direction direction, int maxEpochs) {
        this.direction = direction;
        this.maxEpochs = maxEpochs;
        List<TrialResult> sorted = new ArrayList<>(trials);
        sorted.sort(Comparator.<TrialResult>comparingInt(r -> r.status().ordinal())
                .thenComparing((a, b) -> direction.compare(a.score(), b.score()))
                .thenComparingInt(TrialResult::id));
        this.trials = List.copyOf(sorted);
    }

    /** All trials, best first. */
    public List<TrialResult> trials() {
        return trials;
    }

    /** The best completed trial (else the best pruned one); empty when every trial failed. */
    public java.util.Optional<TrialResult> best() {
        return trials.stream().filter(t -> t.status().scored()).findFirst();
    }

    /** The best {@code k} scored trials. */
    public List<TrialResult> top(int k) {
        return trials.stream().filter(t -> t.status().scored()).limit(k).toList();
    }

    public Direction direction() {
        return direction;
    }

    /** Epochs of a trial that ran to the end. */
    public int maxEpochs() {
        return maxEpochs;
    }

    /** Epochs trained by all trials together: the search's cost. */
    public long totalEpochs() {
        return trials.stream().mapToLong(TrialResult::epochs).sum();
    }

    /** The settings' names, in the order the trials list them. */
    public List<String> paramNames() {
        Set<String> names = new LinkedHashSet<>();
        trials.forEach(t -> names.addAll(t.params().keySet()));
        return List.copyOf(names);
    }

    /** A fixed-width table with a header: rank, trial, status, score, epochs, seconds, then each setting. */
    public String table() {
        List<String> header = new ArrayList<>(List.of("rank", "trial", "status", "score", "epochs", "seconds"));
        header.addAll(paramNames());
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        int rank = 1;
        for (TrialResult t : trials) {
            List<String> row = new ArrayList<>(List.of(t.status().scored() ? String.valueOf(rank++) : "-", String.valueOf(t.id()),
                    t.status().name().toLowerCase(Locale.ROOT), Double.isNaN(t.score()) ? "-" : String.format(Locale.ROOT, "%.4f", t.score()),
                    String.valueOf(t.epochs()), String.format(Locale.ROOT, "%.1f", t.seconds())));
            for (String p : paramNames()) {
                row.add(t.params().containsKey(p) ? TrialConfig.format(t.params().get(p)) : "");
            }
            rows.add(row);
        }
        int[] width = new int[header.size()];
        rows.forEach(r -> {
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        });
        StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                sb.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, "%-" + width[i] + "s", r.get(i)));
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }

    /** Writes the table as CSV (with a {@code message} column). */
    public void writeCsv(Path file) {
        List<String> header = new ArrayList<>(List.of("rank", "trial", "status", "score", "epochs", "seconds"));
        header.addAll(paramNames());
        header.add("message");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).build())) {
            int rank = 1;
            for (TrialResult t : trials) {
                List<Object> row = new ArrayList<>(List.of(t.status().scored() ? rank++ : "", t.id(), t.status().name().toLowerCase(Locale.ROOT),
                        Double.isNaN(t.score()) ? "" : t.score(), t.epochs(), String.format(Locale.ROOT, "%.3f", t.seconds())));
                for (String p : paramNames()) {
                    row.add(t.params().getOrDefault(p, ""));
                }
                row.add(t.message());
                csv.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code {"direction":…, "maxEpochs":…, "trials":[…]}} as JSON, trials best first. */
    public void writeJson(Path file) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("direction", direction.name().toLowerCase(Locale.ROOT));
        root.put("maxEpochs", maxEpochs);
        root.put("totalEpochs", totalEpochs());
        root.put("trials", trials.stream().map(SearchResults::row).toList());
        try {
            JSON.writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** One trial as a JSON-ready map (NaN scores as null). */
    static Map<String, Object> row(TrialResult t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trial", t.id());
        m.put("status", t.status().name().toLowerCase(Locale.ROOT));
        m.put("score", Double.isFinite(t.score()) ? t.score() : null);
        m.put("epochs", t.epochs());
        m.put("seconds", t.seconds());
        m.put("params", t.params());
        m.put("message", t.message());
        return m;
    }

    /** The inverse of {@link #row}. */
    static TrialResult fromRow(JsonNode n) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.get("params").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            params.put(e.getKey(), v.isBoolean() ? v.booleanValue() : v.isIntegralNumber() ? v.intValue() : v.isNumber() ? v.doubleValue() : v.asText());
        }
        JsonNode score = n.get("score");
        return new TrialResult(n.get("trial").intValue(), params, TrialStatus.valueOf(n.get("status").asText().toUpperCase(Locale.ROOT)),
                score == null || score.isNull() ? Double.NaN : score.doubleValue(), n.get("epochs").intValue(), n.get("seconds").doubleValue(),
                n.path("message").asText(""));
    }
}
