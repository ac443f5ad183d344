package dev.myelin.train;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;
import dev.myelin.data.Dataset;
import dev.myelin.data.augment.Augmenter;
import dev.myelin.model.Model;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Feeds mini-batches of a host data set to the device: the features and targets of a batch are
 * gathered into one host staging array and sent with a single upload into one device buffer, of
 * which the batch's inputs {@code [batch, features]} and targets {@code [batch, width]} are views.
 */
final class BatchSource implements AutoCloseable {
    /** A batch on the device. */
    record Batch(Tensor inputs, Tensor targets) {
    }

    private final Backend backend;
    private final double[] features;
    private final int featureCount;
    private final double[] targets;
    private final int targetWidth;
    private final int size;
    private final double[] staging;
    private final Tensor device;
    private final Map<Integer, Batch> views = new HashMap<>();

    BatchSource(Model model, Dataset data, int batchSize) {
        Targets encoded = Targets.encode(model, data);
        this.backend = model.backend();
        this.features = data.features();
        this.featureCount = data.featureCount();
        this.targets = encoded.values();
        this.targetWidth = encoded.width();
        this.size = data.size();
        int rows = Math.min(batchSize, size);
        this.staging = new double[rows * (featureCount + targetWidth)];
        this.device = backend.allocate(1, staging.length);
    }

    int size() {
        return size;
    }

    /** Loads samples {@code order[from .. from+count)} (count ≤ batch size). */
    Batch load(int[] order, int from, int count) {
        return load(order, from, count, null, null);
    }

    /** Loads samples {@code order[from .. from+count)}, augmenting their features on the host first when {@code augmenter} is given. */
    Batch load(int[] order, int from, int count, Augmenter augmenter, SplittableRandom rng) {
        int targetBase = count * featureCount;
        for (int i = 0; i < count; i++) {
            int sample = order[from + i];
            System.arraycopy(features, sample * featureCount, staging, i * featureCount, featureCount);
            System.arraycopy(targets, sample * targetWidth, staging, targetBase + i * targetWidth, targetWidth);
        }
        if (augmenter != null) {
            augmenter.augment(staging, count, featureCount, rng);
        }
        Batch batch = views.computeIfAbsent(count, c -> new Batch(backend.view(device, 0, c, featureCount),
                backend.view(device, (long) c * featureCount, c, targetWidth)));
        Tensor whole = views.computeIfAbsent(-count, c -> new Batch(backend.view(device, 0, 1, count * (featureCount + targetWidth)), null)).inputs();
        backend.upload(staging, 0, whole);
        return batch;
    }

    @Override
    public void close() {
        device.close();
    }
}
