package dev.myelin.cpu;

/** Storage of a float64 CPU tensor: one {@code double[]} shared by the owning tensor and its views. */
final class F64Storage {
    final double[] data;
    /** Set when the owning tensor is closed, so that views of it fail loudly. */
    boolean released;

    F64Storage(int size) {
        this.data = new double[size];
    }
}
