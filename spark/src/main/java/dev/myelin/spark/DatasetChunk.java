package dev.myelin.spark;

import dev.myelin.data.Dataset;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Dataset} in a form Spark can send (a data set is not serializable). Float32 features travel widened to
 * float64 and are rounded back on arrival, which gives the same floats. Immutable once made.
 */
record DatasetChunk(String name, double[] features, int featureCount, double[] targets, int targetWidth, int numClasses,
                    boolean float32, ArrayList<String> classNames) implements Serializable {

    static DatasetChunk of(Dataset data) {
        return new DatasetChunk(data.name(), data.features(), data.featureCount(), data.targets(), data.targetWidth(), data.numClasses(),
                data.isFloat32(), new ArrayList<>(data.classNames()));
    }

    Dataset toDataset() {
        Dataset data = Dataset.fromFlat(name, features, featureCount, targets, targetWidth, numClasses);
        if (!classNames.isEmpty()) {
            data = data.withClassNames(List.copyOf(classNames));
        }
        return float32 ? data.toFloat32() : data;
    }
}
