package dev.myelin.cli;

import dev.myelin.backend.DType;

import java.util.List;

/** {@code --precision}: the element type the backend computes in ({@code float32} and {@code float64} are accepted as aliases). */
enum Precision implements Choices.Aliased {
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
    public List<String> aliases() {
        return List.of(dtype.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The command-line names, for the help. */
    static final class Names extends Choices.Names<Precision> {
        Names() {
            super(Precision.class);
        }
    }
}
