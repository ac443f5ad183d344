package dev.myelin.modelfile;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named matrix in host memory as a model file stores it: row-major {@code [rows, cols]} values.
 * Immutable: the array is copied in and out.
 *
 * @param name   its name in the file, e.g. {@code layers.0.dense.weight}
 * @param rows   rows, ≥ 0
 * @param cols   columns, ≥ 0
 * @param values {@code rows·cols} values, row-major
 */
public record HostTensor(String name, int rows, int cols, double[] values) {

    public HostTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(values, "values");
        if (rows < 0 || cols < 0 || (long) rows * cols != values.length) {
            throw new IllegalArgumentException("tensor " + name + ": shape [" + rows + ", " + cols + "] does not hold " + values.length + " values");
        }
        values = values.clone();
    }

    /** A copy of the values. */
    @Override
    public double[] values() {
        return values.clone();
    }

    /** Number of elements. */
    public int size() {
        return values.length;
    }

    /** {@code [rows, cols]} for messages. */
    public String shape() {
        return "[" + rows + ", " + cols + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostTensor t && name.equals(t.name) && rows == t.rows && cols == t.cols && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, rows, cols, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "HostTensor[" + name + " " + shape() + "]";
    }
}
