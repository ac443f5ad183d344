package dev.myelin.e2e;

import dev.myelin.backend.Backend;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.model.Predictor;
import dev.myelin.nn.Activation;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The serving-memory check shared by the CPU and CUDA tests: one scratch buffer set whatever the batch sizes. */
public final class ServingWorkspace {
    private ServingWorkspace() {
    }

    /**
     * Predicts 1,000 batches of 1 to 100 random rows on {@code backend}, half through {@link Model#predict}, half through a
     * {@link Predictor} sending chunks of at most 64 rows: the model holds five scratch buffers throughout and, at the end,
     * 26 elements per row of the largest batch; a batch's rows get the bits each gets alone.
     */
    public static void thousandRandomBatchSizesKeepOneBufferSet(Backend backend) {
        // dense 4 → 8, ReLU, dense 8 → 3 (softmax fused into the loss, applied by predict)
        ModelSpec spec = ModelSpec.builder(4).dense(8, Activation.relu()).output(3, Activation.softmax(), Loss.sparseCategoricalCrossEntropy())
                .build();
        // an inference pass of B rows uses five [B, cols] buffers: the uploaded input [B, 4], the first dense output [B, 8],
        // the ReLU output [B, 8], the second dense output [B, 3] and the probabilities [B, 3]: 26 elements per row
        int buffers = 5;
        int elementsPerRow = 4 + 8 + 8 + 3 + 3;
        int maxBatch = 64;
        try (Model model = Model.create(spec, backend, 5)) {
            assertThat(model.layers()).hasSize(3);
            assertThat(model.workspaceBytes()).as("nothing allocated before the first pass").isZero();
            Predictor predictor = new Predictor(model, maxBatch);
            SplittableRandom rng = new SplittableRandom(11);
            int largest = 0;
            double[] lastFeatures = null;
            double[] lastOutput = null;
            int lastRows = 0;
            for (int call = 0; call < 1000; call++) {
                int rows = 1 + rng.nextInt(100);
                double[] features = rng.doubles((long) rows * 4, -2, 2).toArray();
                if (call % 2 == 0) {
                    lastOutput = model.predict(features, rows);
                    largest = Math.max(largest, rows);
                } else {
                    lastOutput = predictor.predict(features, rows); // sends chunks of at most maxBatch rows
                    largest = Math.max(largest, Math.min(rows, maxBatch));
                }
                lastFeatures = features;
                lastRows = rows;
                assertThat(model.workspaceBufferCount()).as("buffers after call %d (%d rows)", call, rows).isEqualTo(buffers);
            }
            assertThat(largest).isEqualTo(100);
            assertThat(model.workspaceBytes()).isEqualTo((long) largest * elementsPerRow * backend.dtype().bytes());
            // views of the big buffers give each row the result it gets alone
            for (int r = 0; r < lastRows; r++) {
                double[] alone = model.predict(Arrays.copyOfRange(lastFeatures, r * 4, r * 4 + 4), 1);
                assertThat(alone).as("row %d", r).isEqualTo(Arrays.copyOfRange(lastOutput, r * 3, r * 3 + 3));
            }
            assertThat(model.workspaceBytes()).isEqualTo((long) largest * elementsPerRow * backend.dtype().bytes());
        }
    }
}
