package dev.myelin.cuda.launch;

import jcuda.Pointer;
import jcuda.Sizeof;

/** A Java primitive array as the driver's copy calls see it: a host pointer to its first element and its size in bytes. */
record HostArray(Pointer pointer, long bytes) {

    /** {@code array}: a {@code float[]}, {@code double[]}, {@code int[]} or {@code long[]}. */
    static HostArray of(Object array) {
        if (array instanceof float[] a) {
            return new HostArray(Pointer.to(a), (long) a.length * Sizeof.FLOAT);
        } else if (array instanceof double[] a) {
            return new HostArray(Pointer.to(a), (long) a.length * Sizeof.DOUBLE);
        } else if (array instanceof int[] a) {
            return new HostArray(Pointer.to(a), (long) a.length * Sizeof.INT);
        } else if (array instanceof long[] a) {
            return new HostArray(Pointer.to(a), (long) a.length * Sizeof.LONG);
        }
        throw new IllegalArgumentException("not a float[], double[], int[] or long[]: " + array.getClass());
    }
}
