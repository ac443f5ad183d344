package dev.myelin.train;

/**
 * Counts of (true class, predicted class) pairs, {@code [classes, classes]}, rows = true class.
 * Precision, recall and F1 of a class with no support (or no predictions) are 0, as scikit-learn's
 * {@code zero_division=0}.
 *
 * <p>Not thread-safe: {@link #add} mutates the counts; fill it on one thread (as {@link Evaluator} does), then share it read-only.
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("a confusion matrix needs at least 1 class, got " + classes);
        }
        this.counts = new long[classes][classes];
    }

    /** Counts one sample. */
    public void add(int actual, int predicted) {
        counts[actual][predicted]++;
    }

    /** Counts {@code samples ≥ 0} samples of true class {@code actual} predicted as {@code predicted}. */
    void add(int actual, int predicted, long samples) {
        counts[actual][predicted] += samples;
    }

    public int classes() {
        return counts.length;
    }

    /** Samples of true class {@code actual} predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** All samples counted. */
    public long total() {
        long t = 0;
        for (long[] row : counts) {
            for (long c : row) {
                t += c;
            }
        }
        return t;
    }

    /** Fraction on the diagonal. */
    public double accuracy() {
        long right = 0;
        for (int i = 0; i < counts.length; i++) {
            right += counts[i][i];
        }
        long total = total();
        return total == 0 ? 0 : (double) right / total;
    }

    /** TP / (TP + FP) of class {@code c}. */
    public double precision(int c) {
        long predicted = 0;
        for (long[] row : counts) {
            predicted += row[c];
        }
        return predicted == 0 ? 0 : (double) counts[c][c] / predicted;
    }

    /** TP / (TP + FN) of class {@code c}. */
    public double recall(int c) {
        long actual = 0;
        for (long v : counts[c]) {
            actual += v;
        }
        return actual == 0 ? 0 : (double) counts[c][c] / actual;
    }

    /** Harmonic mean of precision and recall of class {@code c}. */
    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Unweighted mean of the per-class F1 scores. */
    public double macroF1() {
        double sum = 0;
        for (int c = 0; c < counts.length; c++) {
            sum += f1(c);
        }
        return sum / counts.length;
    }

    /** The matrix as an aligned text table, then precision/recall/F1 per class. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("true\\pred");
        for (int c = 0; c < counts.length; c++) {
            sb.append(String.format("%6d", c));
        }
        sb.append('\n');
        for (int a = 0; a < counts.length; a++) {
            sb.append(String.format("%9d", a));
            for (long v : counts[a]) {
                sb.append(String.format("%6d", v));
            }
            sb.append('\n');
        }
        sb.append("class  precision  recall     f1\n");
        for (int c = 0; c < counts.length; c++) {
            sb.append(String.format("%5d  %9.4f  %6.4f  %6.4f%n", c, precision(c), recall(c), f1(c)));
        }
        return sb.toString();
    }
}
