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

    /** A new zero-filled tensor {@code [rows, cols]} owning its storage. */
    Tensor allocate(int rows, int cols);

    /**
     * A view {@code [rows, cols]} of {@code rows·cols} consecutive elements of {@code base},
     * starting {@code offset} elements after {@code base}'s first element.
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

    /** Copies all of {@code src} into {@code dst[dstOffset...]} as doubles. */
    void download(Tensor src, double[] dst, int dstOffset);

    /** Reads element {@code index} (row-major) of {@code t}. Costs a device round trip on a device backend. */
    double readScalar(Tensor t, int index);

    /** Sets every element of {@code t} to {@code value}. */
    void fill(Tensor t, double value);

    /** {@code dst = src}; same shape. */
    void copy(Tensor src, Tensor dst);

    /** {@code dst[i, :] = src[rowIndex[from + i], :]} for {@code i < dst.rows()}. */
    void gatherRows(Tensor src, int[] rowIndex, int from, Tensor dst);

    /**
     * As {@link #gatherRows(Tensor, int[], int, Tensor)} with the row indices on the device: {@code rowIndex} is
     * {@code [1, ≥ from + dst.rows()]} of integer values (exact in float32 below 2^24 rows), so a data set held on
     * the device can be batched without any host-to-device copy per step. The default reads the indices back to
     * the host; device backends override it with a kernel.
     */
    default void gatherRows(Tensor src, Tensor rowIndex, int from, Tensor dst) {
        MemoryChecks.gatherRange(rowIndex, from, dst);
        int rows = dst.rows();
        double[] values = new double[rows];
        try (Tensor slice = view(rowIndex, from, 1, rows)) {
            download(slice, values, 0);
        }
        int[] index = new int[rows];
        for (int i = 0; i < rows; i++) {
            index[i] = (int) values[i];
            if (index[i] != values[i]) {
                throw new IllegalArgumentException("gatherRows: row index " + values[i] + " at position " + (from + i) + " is not an integer");
            }
        }
        gatherRows(src, index, 0, dst);
    }
}
