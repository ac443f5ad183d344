package dev.myelin.backend;

import dev.myelin.backend.spi.MemoryChecks;

/**
 * Memory of a device: allocating tensors and views, moving values between host {@code double[]} (or {@code float[]})
 * and the device, filling, copying and gathering rows. The only place where values cross the host boundary: a
 * device backend pays a transfer for {@link #upload}, {@link #download} and {@link #readScalar}, nothing else.
 *
 * <p>Part of {@link Backend}: all tensors are row-major {@code [rows, cols]} of the backend's {@link Backend#dtype()},
 * activations are {@code [batch, features]}, per-feature vectors {@code [1, features]}. Each operation is validated
 * once, with the same messages on every backend ({@link IllegalArgumentException} naming the operation and the
 * shapes, {@link IllegalStateException} for a closed backend or tensor), then runs as one BLAS call or kernel launch.
 * Not thread-safe unless the backend says so: one thread at a time.
 */
public interface DeviceMemory {

    /** A new zero-filled tensor {@code [rows, cols]} of the backend's {@link Backend#dtype()}, owning its storage. */
    Tensor allocate(int rows, int cols);

    /**
     * A new zero-filled tensor {@code [rows, cols]} of {@link DType#INT32}, owning its storage: the row indices of
     * {@link #gatherRows(Tensor, Tensor, int, Tensor)}, the classes of {@code argmaxRows}, the winners of
     * {@code maxoutForward}, the counters of {@code countCorrect} and {@code confusionCounts}. Values move with
     * {@link #upload(int[], int, Tensor)}, {@link #download(Tensor, int[], int)}, {@link #readScalar} and {@link #fill};
     * the floating-point operations refuse INT32 tensors.
     */
    Tensor allocateInt32(int rows, int cols);

    /**
     * A view {@code [rows, cols]} of {@code rows·cols} consecutive elements of {@code base}, of {@code base}'s element
     * type, starting {@code offset} elements after {@code base}'s first element.
     */
    Tensor view(Tensor base, long offset, int rows, int cols);

    /** Copies {@code dst.size()} values from {@code src[srcOffset...]} into {@code dst}, converting to the dtype. */
    void upload(double[] src, int srcOffset, Tensor dst);

    /**
     * As {@link #upload(double[], int, Tensor)} from float32 values (float32 data sets). This default widens them
     * into a temporary {@code double[]}; a backend that can take floats directly overrides it.
     */
    default void upload(float[] src, int srcOffset, Tensor dst) {
        MemoryChecks.uploadRange(src, srcOffset, dst);
        int n = dst.size();
        double[] wide = new double[n];
        for (int i = 0; i < n; i++) {
            wide[i] = src[srcOffset + i];
        }
        upload(wide, 0, dst);
    }

    /** Copies {@code dst.size()} indices from {@code src[srcOffset...]} into the {@link DType#INT32} tensor {@code dst}. */
    void upload(int[] src, int srcOffset, Tensor dst);

    /** Copies all of {@code src} into {@code dst[dstOffset...]} as doubles. */
    void download(Tensor src, double[] dst, int dstOffset);

    /** Copies all of the {@link DType#INT32} tensor {@code src} into {@code dst[dstOffset...]}. */
    void download(Tensor src, int[] dst, int dstOffset);

    /**
     * Reads element {@code index} (row-major) of {@code t}, of either element type (an index as a double, exactly).
     * Costs a device round trip on a device backend.
     */
    double readScalar(Tensor t, int index);

    /** Sets every element of {@code t} to {@code value}; for an INT32 tensor, {@code value} must be an int. */
    void fill(Tensor t, double value);

    /** {@code dst = src}; same shape. */
    void copy(Tensor src, Tensor dst);

    /** {@code dst[i, :] = src[rowIndex[from + i], :]} for {@code i < dst.rows()}. */
    void gatherRows(Tensor src, int[] rowIndex, int from, Tensor dst);

    /**
     * As {@link #gatherRows(Tensor, int[], int, Tensor)} with the row indices on the device: {@code rowIndex} is a
     * {@link DType#INT32} tensor of at least {@code from + dst.rows()} elements, read in row-major order, so a data set
     * held on the device can be batched without any host-to-device copy per step. An index that is no row of
     * {@code src} throws {@link IllegalArgumentException}. The default reads the indices back to the host; device
     * backends override it with a kernel.
     */
    default void gatherRows(Tensor src, Tensor rowIndex, int from, Tensor dst) {
        MemoryChecks.gatherRange(rowIndex, from, dst);
        int[] index = new int[dst.rows()];
        try (Tensor slice = view(rowIndex, from, 1, index.length)) {
            download(slice, index, 0);
        }
        gatherRows(src, index, 0, dst);
    }
}
