package dev.myelin.data;

/**
 * Minimal stand-in while the data package is written on its own branch; replaced at merge.
 * features [n, d] row-major, targets [n, t] row-major (class index in one column for classification).
 */
public final class Dataset {
    private final String name;
    private final double[] features;
    private final int featureCount;
    private final double[] targets;
    private final int targetWidth;
    private final int numClasses;

    private Dataset(String name, double[] features, int featureCount, double[] targets, int targetWidth, int numClasses) {
        this.name = name;
        this.features = features;
        this.featureCount = featureCount;
        this.targets = targets;
        this.targetWidth = targetWidth;
        this.numClasses = numClasses;
        if (features.length == 0) {
            throw new IllegalArgumentException("data set '" + name + "' is empty");
        }
    }

    public static Dataset classification(String name, double[][] x, int[] labels, int numClasses) {
        int d = x[0].length;
        double[] f = new double[x.length * d];
        double[] t = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, f, i * d, d);
            t[i] = labels[i];
        }
        return new Dataset(name, f, d, t, 1, numClasses);
    }

    public static Dataset regression(String name, double[][] x, double[][] y) {
        int d = x[0].length;
        int w = y[0].length;
        double[] f = new double[x.length * d];
        double[] t = new double[x.length * w];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, f, i * d, d);
            System.arraycopy(y[i], 0, t, i * w, w);
        }
        return new Dataset(name, f, d, t, w, 0);
    }

    public String name() {
        return name;
    }

    public int size() {
        return features.length / featureCount;
    }

    public int featureCount() {
        return featureCount;
    }

    public int targetWidth() {
        return targetWidth;
    }

    public int numClasses() {
        return numClasses;
    }

    public boolean isClassification() {
        return numClasses > 0;
    }

    public double[] features() {
        return features;
    }

    public double[] targets() {
        return targets;
    }

    public int label(int i) {
        return (int) targets[i];
    }

    public double[] oneHotTargets() {
        double[] out = new double[size() * numClasses];
        for (int i = 0; i < size(); i++) {
            out[i * numClasses + label(i)] = 1;
        }
        return out;
    }
}
