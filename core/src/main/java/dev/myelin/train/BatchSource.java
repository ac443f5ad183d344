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
 * Feeds mini-batches of a data set to the device. By default the features and targets of a batch are
 * gathered into one host staging array and sent with a single upload into one device buffer, of
 * which the batch's inputs {@code [batch, features]} and targets {@code [batch, width]} are views.
 * Resident: the whole data set is uploaded once, the epoch's order once per epoch, and each batch is
 * gathered on the device, so a step copies nothing from the host. A float32 data set is staged and
 * uploaded as floats (its targets rounded to float32 with it).
 */
final class BatchSource implements AutoCloseable {
    /** A batch on the device. */
    record Batch(Tensor inputs, Tensor targets) {
    }

    private final Backend backend;
    private final double[] features;
    /** The features of a float32 data set (then {@link #features} is null). */
    private final float[] features32;
    private final int featureCount;
    private final double[] targets;
    private final int targetWidth;
    private final int size;
    private final double[] staging;
    /** The staging array of a float32 data set (then {@link #staging} is null). */
    private final float[] staging32;
    private final Tensor device;
    private final Map<Integer, Batch> views = new HashMap<>();
    /** Per batch size, the view of the staging buffer's used part, the target of the single upload. */
    private final Map<Integer, Tensor> uploadViews = new HashMap<>();
    private final boolean resident;
    private Tensor residentFeatures;
    private Tensor residentTargets;
    private Tensor residentOrder;
    private final Map<Integer, Batch> residentBatches = new HashMap<>();
    private int[] uploadedOrder;

    BatchSource(Model model, Dataset data, int batchSize) {
        this(model, data, batchSize, false);
    }

    /** With {@code resident}, the data set lives on the device, and the epoch's order with it as an INT32 tensor. */
    BatchSource(Model model, Dataset data, int batchSize, boolean resident) {
        Targets encoded = Targets.encode(model, data);
        this.backend = model.backend();
        this.features32 = data.featuresFloat32();
        this.features = features32 == null ? data.features() : null;
        this.featureCount = data.featureCount();
        this.targets = encoded.values();
        this.targetWidth = encoded.width();
        this.size = data.size();
        int rows = Math.min(batchSize, size);
        int stagingLength = rows * (featureCount + targetWidth);
        this.staging = features32 == null ? new double[stagingLength] : null;
        this.staging32 = features32 == null ? null : new float[stagingLength];
        this.device = backend.allocate(1, stagingLength);
        this.resident = resident;
        if (resident) {
            residentFeatures = backend.allocate(size, featureCount);
            residentTargets = backend.allocate(size, targetWidth);
            residentOrder = backend.allocateInt32(1, size);
            if (features32 != null) {
                backend.upload(features32, 0, residentFeatures);
            } else {
                backend.upload(features, 0, residentFeatures);
            }
            backend.upload(targets, 0, residentTargets);
        }
    }

    /** Whether the data set lives on the device. */
    boolean resident() {
        return resident;
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
        if (resident) {
            if (augmenter != null) {
                throw new IllegalStateException("augmentation transforms host batches; it cannot run on a device-resident data set");
            }
            return loadResident(order, from, count);
        }
        int targetBase = count * featureCount;
        if (features32 != null) {
            if (augmenter != null) {
                throw new IllegalStateException("augmentation transforms float64 host batches; train on a float64 data set to augment it");
            }
            for (int i = 0; i < count; i++) {
                int sample = order[from + i];
                System.arraycopy(features32, sample * featureCount, staging32, i * featureCount, featureCount);
                for (int j = 0; j < targetWidth; j++) {
                    staging32[targetBase + i * targetWidth + j] = (float) targets[sample * targetWidth + j];
                }
            }
            Batch batch = views.computeIfAbsent(count, c -> new Batch(backend.view(device, 0, c, featureCount),
                    backend.view(device, (long) c * featureCount, c, targetWidth)));
            backend.upload(staging32, 0, uploadViews.computeIfAbsent(count, c -> backend.view(device, 0, 1, c * (featureCount + targetWidth))));
            return batch;
        }
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
        Tensor whole = uploadViews.computeIfAbsent(count, c -> backend.view(device, 0, 1, c * (featureCount + targetWidth)));
        backend.upload(staging, 0, whole);
        return batch;
    }

    private Batch loadResident(int[] order, int from, int count) {
        if (order != uploadedOrder) { // a new epoch's order: one upload for all its batches
            backend.upload(order, 0, residentOrder);
            uploadedOrder = order;
        }
        Batch batch = residentBatches.computeIfAbsent(count, c -> new Batch(backend.allocate(c, featureCount), backend.allocate(c, targetWidth)));
        backend.gatherRows(residentFeatures, residentOrder, from, batch.inputs());
        backend.gatherRows(residentTargets, residentOrder, from, batch.targets());
        return batch;
    }

    @Override
    public void close() {
        device.close();
        if (resident) {
            residentFeatures.close();
            residentTargets.close();
            residentOrder.close();
            residentBatches.values().forEach(b -> {
                b.inputs().close();
                b.targets().close();
            });
        }
    }
}
