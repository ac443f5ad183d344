package dev.myelin.cuda.launch;

import jcuda.Pointer;

/**
 * The {@code kernelParams} array of {@code cuLaunchKernel}: one host pointer to each argument's value, in the
 * kernel's parameter order. An argument is a device pointer ({@link Pointer}, e.g. a {@code CUdeviceptr}),
 * an {@link Integer}, {@link Float}, {@link Double} or {@link Long}, a {@code byte[]} holding a parameter passed by
 * value as raw bytes (a struct, in native byte order and the kernel's layout), or null for a null device pointer.
 */
public final class KernelArguments {

    private KernelArguments() {
    }

    /** The parameter array of {@code args}; an argument of another type is an {@link IllegalArgumentException}. */
    public static Pointer of(Object... args) {
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = argument(args[i]);
        }
        return Pointer.to(params);
    }

    private static Pointer argument(Object a) {
        if (a == null) {
            return Pointer.to(new long[] {0L});
        } else if (a instanceof Pointer) {
            return Pointer.to((Pointer) a);
        } else if (a instanceof Integer) {
            return Pointer.to(new int[] {(Integer) a});
        } else if (a instanceof Float) {
            return Pointer.to(new float[] {(Float) a});
        } else if (a instanceof Double) {
            return Pointer.to(new double[] {(Double) a});
        } else if (a instanceof Long) {
            return Pointer.to(new long[] {(Long) a});
        } else if (a instanceof byte[]) {
            return Pointer.to((byte[]) a);
        }
        throw new IllegalArgumentException("kernel argument of type " + a.getClass()
                + ": pass a device pointer, Integer, Float, Double, Long, byte[] or null");
    }
}
