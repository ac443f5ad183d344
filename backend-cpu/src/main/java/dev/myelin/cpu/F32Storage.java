package dev.myelin.cpu;

/** Storage of a float32 CPU tensor: one {@code float[]} shared by the owning tensor and its views. */
final class F32Storage {
    final float[] data;
    /** Set when the owning tensor is closed, so that views of it fail loudly. */
    boolean released;

    F32Storage(int size) {
        this.data = new float[size];
    }
}
