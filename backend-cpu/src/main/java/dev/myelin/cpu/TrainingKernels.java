package dev.myelin.cpu;

import dev.myelin.backend.Tensor;

/**
 * The CPU bodies of the training bookkeeping operations ({@code copyIfNonFinite}, {@code confusionCounts}), in either
 * precision through {@link Kernels}: values are read as doubles, which compares float32 values exactly as float
 * arithmetic does, so both precisions count the same classes. Operands reach it checked by {@link CpuBackend}. The
 * staging arrays grow to the largest batch seen and are then reused.
 *
 * <p>Not thread-safe: one call at a time (the owning backend is used by one thread at a time).
 */
final class TrainingKernels {
    private final Kernels kernels;
    private double[] outputs = new double[0];
    private double[] labels = new double[0];

    TrainingKernels(Kernels kernels) {
        this.kernels = kernels;
    }

    void copyIfNonFinite(Tensor flag, Tensor src, Tensor dst) {
        if (!Double.isFinite(kernels.get(flag, 0))) {
            kernels.copy(src, 0, dst, 0, src.size());
        }
    }

    void confusionCounts(Tensor output, Tensor labelTensor, double threshold, Tensor counts) {
        int rows = output.rows();
        int k = output.cols();
        int tk = labelTensor.cols();
        int classes = counts.rows();
        if (outputs.length < output.size()) {
            outputs = new double[output.size()];
        }
        if (labels.length < labelTensor.size()) {
            labels = new double[labelTensor.size()];
        }
        kernels.download(output, outputs, 0);
        kernels.download(labelTensor, labels, 0);
        int[] cells = Int32Storage.data(counts);
        int at = Int32Storage.offset(counts);
        for (int i = 0; i < rows; i++) {
            int predicted = k == 1 ? (outputs[i] > threshold ? 1 : 0) : argmax(outputs, i * k, k);
            int actual = tk == 1 ? classIndex(labels[i], classes) : argmax(labels, i * tk, tk);
            if (actual >= 0) {
                cells[at + actual * classes + predicted]++;
            }
        }
    }

    /** The first maximum of {@code x[from .. from+n)}, the rule of {@code argmaxRows}: a NaN first element wins, later NaNs are passed over. */
    private static int argmax(double[] x, int from, int n) {
        int best = 0;
        double max = x[from];
        for (int j = 1; j < n; j++) {
            if (x[from + j] > max) {
                max = x[from + j];
                best = j;
            }
        }
        return best;
    }

    /** {@code label} as a class in {@code [0, classes)}, or −1 when it is none. */
    private static int classIndex(double label, int classes) {
        int c = (int) label;
        return c == label && c >= 0 && c < classes ? c : -1;
    }
}
