package dev.myelin.cli;

import dev.myelin.backend.DType;
import picocli.CommandLine.ITypeConverter;

/** {@code --precision}: the element type the backend computes in ({@code float32} and {@code float64} are accepted as aliases). */
enum Precision {
    F32(DType.FLOAT32),
    F64(DType.FLOAT64);

    private final DType dtype;

    Precision(DType dtype) {
        this.dtype = dtype;
    }

    DType dtype() {
        return dtype;
    }

    @Override
    public String toString() {
        return Choices.name(this);
    }

    /** Reads {@code f32}, {@code f64}, {@code float32} or {@code float64}, in any case. */
    static final class Converter implements ITypeConverter<Precision> {
        @Override
        public Precision convert(String text) {
            return Choices.parse(Precision.class, text, "float32", F32, "float64", F64);
        }
    }
}
