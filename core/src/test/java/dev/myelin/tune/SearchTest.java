package dev.myelin.tune;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SearchTest {

    /** 3 × 4 × 2 = 24 points. */
    private static SearchSpace smallSpace() {
        return new SearchSpace(List.of(
                new Param.Categorical("optimizer", List.of("sgd", "adam", "rmsprop")),
                new Param.IntRange("units", 1, 4, 1, false),
                new Param.FloatRange("dropout", 0.0, 0.5, false, 2)));
    }

    /** A score that depends on every setting, reported once per epoch: reproducible and cheap. */
    private static double plainScore(TrialConfig c, TrialContext ctx) {
        double s = ((Integer) c.params().get("units")) * 0.1 - (Double) c.params().get("dropout") * 0.01
                + ((String) c.params().get("optimizer")).length() * 0.001;
        for (int e = 1; e <= ctx.maxEpochs(); e++) {
            if (!ctx.report(e, s * e / ctx.maxEpochs())) {
                break;
            }
        }
        return s;
    }

    @Test
    void gridOfKnownSizeRunsEveryPointExactlyOnce() {
        Map<String, AtomicInteger> visits = new ConcurrentHashMap<>();
        SearchResults results = Search.builder(smallSpace(), new Strategy.Grid(), (c, ctx) -> {
            visits.computeIfAbsent(c.describe(), k -> new AtomicInteger()).incrementAndGet();
            return plainScore(c, ctx);
        }).maxEpochs(3).workers(2).cores(2).build().run();

        assertThat(smallSpace().gridSize()).isEqualTo(3 * 4 * 2);
        assertThat(results.trials()).hasSize(24);
        assertThat(visits).hasSize(24);
        assertThat(visits.values()).allMatch(n -> n.get() == 1);
        Set<String> expected = new HashSet<>();
        smallSpace().grid().forEach(p -> expected.add(new TrialConfig(0, p).describe()));
        assertThat(visits.keySet()).isEqualTo(expected);
        assertThat(results.trials()).allMatch(t -> t.status() == TrialStatus.COMPLETE && t.epochs() == 3);
        // best: 4 units, no dropout, the longest optimiser name: 0.4 + 0.007
        assertThat(results.best().orElseThrow().score()).isCloseTo(0.4 + 0.007, within(1e-12));
        assertThat(results.totalEpochs()).isEqualTo(24 * 3);
    }

    @Test
    void seededRandomSearchIsReproducible() {
        SearchSpace space = new SearchSpace(List.of(new Param.FloatRange("lr", 1e-4, 1, true, 3),
                new Param.IntRange("batch-size", 8, 256, 1, true), new Param.Categorical("hidden", List.of("64:relu", "128:relu,64:relu"))));
        Objective objective = (c, ctx) -> Math.log((Double) c.params().get("lr")) + (Integer) c.params().get("batch-size");
        List<TrialResult> a = Search.builder(space, new Strategy.Random(15), objective).seed(7).workers(2).cores(2).build().run().trials();
        List<TrialResult> b = Search.builder(space, new Strategy.Random(15), objective).seed(7).workers(1).cores(2).build().run().trials();
        List<TrialResult> other = Search.builder(space, new Strategy.Random(15), objective).seed(8).build().run().trials();

        assertThat(a).hasSize(15);
        assertThat(a.stream().map(TrialResult::params).toList()).isEqualTo(b.stream().map(TrialResult::params).toList());
        assertThat(a.stream().map(TrialResult::score).toList()).isEqualTo(b.stream().map(TrialResult::score).toList());
        assertThat(a.stream().map(TrialResult::params).toList()).isNotEqualTo(other.stream().map(TrialResult::params).toList());
        for (TrialResult t : a) {
            assertThat((Double) t.params().get("lr")).isBetween(1e-4, 1.0);
            assertThat((Integer) t.params().get("batch-size")).isBetween(8, 256);
        }
    }

    @Test
    void failingAndDivergingTrialsAreRecordedAndTheSearchGoesOn() {
        SearchResults results = Search.builder(smallSpace(), new Strategy.Grid(), (c, ctx) -> {
            int units = (Integer) c.params().get("units");
            if (units == 2) {
                throw new IllegalArgumentException("units=2 is not allowed");
            }
            if (units == 3 && c.params().get("optimizer").equals("sgd")) {
                ctx.report(1, Double.NaN);
                return Double.NaN;
            }
            return plainScore(c, ctx);
        }).maxEpochs(2).workers(2).cores(2).build().run();

        assertThat(results.trials()).hasSize(24);
        assertThat(results.trials().stream().filter(t -> t.status() == TrialStatus.FAILED)).hasSize(3 * 2)
                .allMatch(t -> t.message().contains("units=2 is not allowed") && Double.isNaN(t.score()));
        assertThat(results.trials().stream().filter(t -> t.status() == TrialStatus.DIVERGED)).hasSize(2);
        assertThat(results.trials().stream().filter(t -> t.status() == TrialStatus.COMPLETE)).hasSize(24 - 6 - 2);
        assertThat(results.trials().subList(0, 16)).allMatch(t -> t.status() == TrialStatus.COMPLETE);   // failures sort last
        assertThat(results.table()).contains("failed").contains("diverged");
    }

    @Test
    void resumeSkipsFinishedTrials(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("trials.jsonl");
        SearchResults first = Search.builder(smallSpace(), new Strategy.Grid(), SearchTest::plainScore)
                .maxEpochs(2).journal(journal).build().run();
        // An interruption after five trials, in the middle of writing the sixth line.
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(24);
        Files.writeString(journal, String.join("\n", lines.subList(0, 5)) + "\n" + lines.get(5).substring(0, 20), StandardCharsets.UTF_8);

        List<String> rerun = new ArrayList<>();
        SearchResults resumed = Search.builder(smallSpace(), new Strategy.Grid(), (c, ctx) -> {
            synchronized (rerun) {
                rerun.add(c.describe());
            }
            return plainScore(c, ctx);
        }).maxEpochs(2).journal(journal).build().run();

        assertThat(rerun).hasSize(24 - 5);
        Set<Integer> skipped = new HashSet<>();
        for (String line : lines.subList(0, 5)) {
            skipped.add(SearchResults.fromRow(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line)).id());
        }
        assertThat(resumed.trials()).hasSize(24);
        assertThat(resumed.trials().stream().filter(t -> skipped.contains(t.id())).map(t -> t.config().describe()))
                .doesNotContainAnyElementsOf(rerun);
        assertThat(resumed.trials().stream().map(TrialResult::score).toList()).isEqualTo(first.trials().stream().map(TrialResult::score).toList());
        assertThat(Files.readAllLines(journal)).hasSize(24 + 1);   // 5 kept, the cut line, 19 new
    }

    @Test
    void resultsTableIsWrittenAsCsvAndJson(@TempDir Path dir) throws Exception {
        SearchResults results = Search.builder(smallSpace(), new Strategy.Random(4), SearchTest::plainScore).maxEpochs(1).build().run();
        results.writeCsv(dir.resolve("trials.csv"));
        results.writeJson(dir.resolve("trials.json"));
        List<String> csv = Files.readAllLines(dir.resolve("trials.csv"));
        assertThat(csv.get(0)).isEqualTo("rank,trial,status,score,epochs,seconds,optimizer,units,dropout,message");
        assertThat(csv).hasSize(1 + 4);
        assertThat(csv.get(1)).startsWith("1," + results.best().orElseThrow().id() + ",complete," + results.best().orElseThrow().score());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("trials.json").toFile());
        assertThat(json.get("trials")).hasSize(4);
        assertThat(json.get("trials").get(0).get("score").doubleValue()).isEqualTo(results.best().orElseThrow().score());
        assertThat(results.table().lines().findFirst().orElseThrow()).startsWith("rank  trial  status    score");
    }
}
