package dev.myelin.e2e;

import dev.myelin.backend.Backend;
import dev.myelin.data.Dataset;
import dev.myelin.data.Synthetic;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.Adam;
import dev.myelin.train.EarlyStopping;
import dev.myelin.train.Trainer;

import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens, trains and closes a small model (batch norm, dropout, Adam, early stopping: every kind of buffer the trainer
 * and the layers allocate) many times on one backend, and checks that the backend's live bytes come back to their
 * starting value after every cycle and that the Java heap after a collection does not grow.
 */
public final class SoakCycles {
    /** Heap growth tolerated over all cycles: garbage-collector noise, far below what a leak of one model per cycle adds up to. */
    static final long HEAP_TOLERANCE_BYTES = 16L << 20;

    private SoakCycles() {
    }

    public static void run(Backend backend, LongSupplier liveBytes, int cycles) {
        Dataset moons = Synthetic.twoMoons(64, 0.1, 1);
        Dataset validation = Synthetic.twoMoons(32, 0.1, 2);
        ModelSpec spec = ModelSpec.builder(2).dense(16, Activation.relu()).batchNorm().dropout(0.1).dense(8, Activation.tanh())
                .output(2, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
        Trainer trainer = Trainer.builder().epochs(2).batchSize(32).seed(3).optimizer(Adam.of(0.01))
                .callback(new EarlyStopping("val_loss", 0, 5, true)).build();
        cycle(backend, spec, trainer, moons, validation); // warm-up: the backend's own workspaces, class loading
        long startDevice = liveBytes.getAsLong();
        long startHeap = usedHeapAfterGc();
        for (int i = 0; i < cycles; i++) {
            cycle(backend, spec, trainer, moons, validation);
            assertThat(liveBytes.getAsLong()).as("live bytes after cycle %d", i + 1).isEqualTo(startDevice);
        }
        long grown = usedHeapAfterGc() - startHeap;
        assertThat(grown).as("heap growth over %d cycles", cycles).isLessThan(HEAP_TOLERANCE_BYTES);
    }

    private static void cycle(Backend backend, ModelSpec spec, Trainer trainer, Dataset train, Dataset validation) {
        try (Model model = Model.create(spec, backend, 7)) {
            trainer.fit(model, train, validation);
            assertThat(model.predict(new double[] {0, 0.5}, 1)).hasSize(2);
        }
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }
}
