package dev.myelin.cli;

import java.util.Locale;

/**
 * How much Java heap a {@code myelin train} run needs, estimated before anything is loaded, and the messages for a
 * run that does not fit: refused up front when the estimate exceeds the heap limit, and an {@link OutOfMemoryError}
 * turned into the same advice. Immutable.
 *
 * <p>Data: the set is held as {@code double}s ({@code samples × (features + targets) × 8} bytes) about
 * {@value #DATA_COPIES} times over (as read, split, normalised). Model on a backend in host memory: the parameters
 * {@value #PARAMETER_COPIES} times over (parameters, gradients, up to three optimiser state vectors, the last finite
 * step, the best epoch) in the backend's element size.
 *
 * @param dataBytes  bytes of the data set and its copies
 * @param modelBytes bytes of the parameters and their companions on the heap (0 on a device backend)
 */
record MemoryEstimate(long dataBytes, long modelBytes) {
    static final int DATA_COPIES = 3;
    static final int PARAMETER_COPIES = 7;

    static MemoryEstimate of(DataChoice.Shape data, long parameters, int elementBytes, boolean modelOnHeap) {
        long data64 = (long) data.samples() * (data.features() + data.targetWidth()) * Double.BYTES * DATA_COPIES;
        long model = modelOnHeap ? parameters * elementBytes * PARAMETER_COPIES : 0;
        return new MemoryEstimate(data64, model);
    }

    long totalBytes() {
        return dataBytes + modelBytes;
    }

    /** Throws when the estimate does not fit in {@code maxHeapBytes} ({@link Runtime#maxMemory()}). */
    void check(long maxHeapBytes) {
        if (totalBytes() > maxHeapBytes) {
            throw new IllegalStateException("not enough memory: this run needs about " + describe() + " but the Java heap is limited to "
                    + mib(maxHeapBytes) + "; " + howToRaise());
        }
    }

    /** The message for an {@link OutOfMemoryError} during the run. */
    String outOfMemory(long maxHeapBytes) {
        return "out of memory: the Java heap (limit " + mib(maxHeapBytes) + ") ran out; this run needs about " + describe() + "; " + howToRaise();
    }

    private String describe() {
        return mib(totalBytes()) + " (data " + mib(dataBytes) + ", model " + mib(modelBytes) + ")";
    }

    private String howToRaise() {
        long gib = Math.max(1, (long) Math.ceil(totalBytes() * 1.5 / (1L << 30)));
        return "raise the limit, e.g. MYELIN_JAVA_OPTS=-Xmx" + gib + "g ./myelin train ... (or java -Xmx" + gib
                + "g -jar myelin.jar), or use a smaller model or data set";
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", (bytes + (1 << 20) - 1) >> 20);
    }
}
