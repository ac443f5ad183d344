package dev.myelin.tune;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Successive halving on a space with a known good region (learning rate near 1e-2, wide layers) and a bad one (learning
 * rate 0.3 and above: the curve stays at chance, 0.1). The learning curve of a setting with final score {@code f} is
 * {@code f − (f − 0.1)·e^(−epoch/4)}, so early ranks predict late ones, as they roughly do in real training.
 */
class AshaTest {
    private static final List<Object> RATES = List.of(1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1.0);
    private static final SearchSpace SPACE = new SearchSpace(List.of(new Param.Categorical("lr", RATES),
            new Param.Categorical("width", List.of(16, 32, 64))));
    private static final int MAX_EPOCHS = 27;

    /** Final score: 0.98 at lr = 1e-2 and width 64, minus 0.02 per squared decade of lr and 0.005 per halving of the width. */
    static double finalScore(double lr, int width) {
        if (lr >= 0.3) {
            return 0.1;
        }
        double decades = Math.log10(lr) + 2;
        return 0.98 - 0.02 * decades * decades - 0.005 * (Math.log(64.0 / width) / Math.log(2));
    }

    private static double curve(TrialConfig c, TrialContext ctx) {
        double f = finalScore((Double) c.params().get("lr"), (Integer) c.params().get("width"));
        double score = Double.NaN;
        for (int e = 1; e <= ctx.maxEpochs(); e++) {
            score = f - (f - 0.1) * Math.exp(-e / 4.0);
            if (!ctx.report(e, score)) {
                break;
            }
        }
        return score;
    }

    @Test
    void ashaPrunesTheBadRegionAndMatchesTheGridOptimumOnLessThanHalfItsBudget() {
        SearchResults grid = Search.builder(SPACE, new Strategy.Grid(), AshaTest::curve).maxEpochs(MAX_EPOCHS).build().run();
        Strategy.Asha asha = new Strategy.Asha(27, 1, 3);
        SearchResults halving = Search.builder(SPACE, asha, AshaTest::curve).maxEpochs(MAX_EPOCHS).seed(3).build().run();

        double gridBest = grid.best().orElseThrow().score();
        assertThat(gridBest).isEqualTo(0.98 - (0.98 - 0.1) * Math.exp(-MAX_EPOCHS / 4.0));
        assertThat(grid.totalEpochs()).isEqualTo(27L * MAX_EPOCHS);
        assertThat(asha.rungs(MAX_EPOCHS)).containsExactly(1, 3, 9);

        TrialResult best = halving.best().orElseThrow();
        assertThat(best.status()).isEqualTo(TrialStatus.COMPLETE);
        assertThat(best.epochs()).isEqualTo(MAX_EPOCHS);
        assertThat(best.score()).isGreaterThanOrEqualTo(gridBest - 0.01);
        assertThat(halving.totalEpochs()).isLessThan(grid.totalEpochs() / 2);

        List<TrialResult> bad = halving.trials().stream().filter(t -> (Double) t.params().get("lr") >= 0.3).toList();
        assertThat(bad).isNotEmpty().allMatch(t -> t.status() == TrialStatus.PRUNED && t.epochs() <= 3);
        assertThat(halving.trials()).hasSize(27);
        System.out.printf("ASHA: best %.4f (grid optimum %.4f), %d epochs (grid %d); bad trials stopped after %s epochs%n",
                best.score(), gridBest, halving.totalEpochs(), grid.totalEpochs(), bad.stream().map(TrialResult::epochs).toList());
    }

    @Test
    void ashaWithTwoWorkersKeepsEveryTrialAndStaysWithinBudget() {
        Strategy.Asha asha = new Strategy.Asha(27, 1, 3);
        SearchResults halving = Search.builder(SPACE, asha, AshaTest::curve).maxEpochs(MAX_EPOCHS).workers(2).cores(2).seed(3).build().run();
        assertThat(halving.trials()).hasSize(27);
        assertThat(halving.trials()).allMatch(t -> t.status() == TrialStatus.COMPLETE || t.status() == TrialStatus.PRUNED);
        assertThat(halving.totalEpochs()).isLessThan(27L * MAX_EPOCHS / 2);
        assertThat(halving.best().orElseThrow().epochs()).isEqualTo(MAX_EPOCHS);
    }
}
