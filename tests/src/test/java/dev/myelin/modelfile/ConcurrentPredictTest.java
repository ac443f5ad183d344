package dev.myelin.modelfile;

import dev.myelin.backend.Backend;
import dev.myelin.backend.DType;
import dev.myelin.data.Dataset;
import dev.myelin.model.Model;
import dev.myelin.model.Predictor;
import dev.myelin.optim.Sgd;
import dev.myelin.train.Callback;
import dev.myelin.train.Evaluator;
import dev.myelin.train.Trainer;
import dev.myelin.train.TrainingContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One model, several threads: predictions bit-identical to single-threaded ones; training beside predicting refused. */
class ConcurrentPredictTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 8})
    void threadsPredictingAtOnceGetTheSingleThreadedBits(int threads) throws Exception {
        try (Backend backend = ModelFiles.cpu(DType.FLOAT64); Model model = ModelFiles.trained(backend)) {
            Dataset raw = ModelFiles.data();
            int width = raw.featureCount();
            int k = model.outputWidth();
            double[] expected = model.predict(raw.features(), raw.size());
            Predictor predictor = new Predictor(model);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    long seed = t;
                    results.add(pool.submit(() -> {
                        SplittableRandom rng = new SplittableRandom(seed);
                        int checked = 0;
                        for (int call = 0; call < 2000 / threads * 2; call++) {
                            int from = rng.nextInt(raw.size());
                            int rows = 1 + rng.nextInt(Math.min(40, raw.size() - from));
                            double[] x = Arrays.copyOfRange(raw.features(), from * width, (from + rows) * width);
                            double[] y = call % 2 == 0 ? model.predict(x, rows) : predictor.predict(x, rows);
                            assertThat(y).isEqualTo(Arrays.copyOfRange(expected, from * k, (from + rows) * k));
                            checked++;
                        }
                        return checked;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : results) {
                    total += f.get();
                }
                assertThat(total).isGreaterThanOrEqualTo(4000 - threads);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aPredictorGivesTheSameBitsWhateverTheBatchSize() {
        try (Backend backend = ModelFiles.cpu(DType.FLOAT32); Model model = ModelFiles.trained(backend)) {
            Dataset raw = ModelFiles.data();
            double[] whole = new Predictor(model).predict(raw.features(), raw.size());
            for (int maxBatch : new int[] {1, 7, 64}) {
                assertThat(new Predictor(model, maxBatch).predict(raw.features(), raw.size())).as("batches of %d", maxBatch).isEqualTo(whole);
            }
        }
    }

    @Test
    void predictingOrEvaluatingWhileAnotherThreadTrainsIsRefusedAtOnce() throws Exception {
        try (Backend backend = ModelFiles.cpu(DType.FLOAT64); Model model = ModelFiles.trained(backend)) {
            Dataset raw = ModelFiles.data();
            Dataset scaled = model.inputNormalizer().orElseThrow().transform(raw);
            CountDownLatch training = new CountDownLatch(1);
            CountDownLatch checked = new CountDownLatch(1);
            Callback pause = new Callback() {
                @Override
                public void onEpochStart(TrainingContext context, int epoch) {
                    training.countDown();
                    try {
                        checked.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "trainer-1"));
            try {
                Future<?> fit = pool.submit(() -> Trainer.builder().epochs(1).optimizer(Sgd.plain(0.01)).callback(pause).build().fit(model, scaled));
                training.await();
                assertThatThrownBy(() -> model.predict(Arrays.copyOf(raw.features(), 2), 1)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("being trained by thread 'trainer-1'");
                assertThatThrownBy(() -> Evaluator.evaluate(model, scaled)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("being trained");
                assertThatThrownBy(() -> Trainer.builder().epochs(1).optimizer(Sgd.plain(0.01)).build().fit(model, scaled))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("being trained");
                checked.countDown();
                fit.get();
                assertThat(model.predict(Arrays.copyOf(raw.features(), 2), 1)).as("usable again after fit").hasSize(3);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
