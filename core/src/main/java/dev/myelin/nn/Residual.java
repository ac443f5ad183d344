package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Running form of {@link ResidualSpec}. Its inner layers are registered as {@code 0.}, {@code 1.} …, so their
 * parameters and state tensors are this layer's, named {@code j.name} for the j-th inner layer.
 *
 * <p>Not thread-safe: it keeps the last pass's tensors; use it only through its model, whose thread-safety rules
 * apply (see {@link dev.myelin.model.Model}).
 */
public final class Residual extends SameWidthLayer {
    private final List<Layer> inner;

    Residual(Backend backend, int width, ResidualSpec spec, int index) {
        super(backend, width);
        List<Layer> built = new ArrayList<>();
        int w = width;
        int next = index + 1;
        for (LayerSpec layerSpec : spec.layers()) {
            Layer layer = registerLayer(built.size() + ".", layerSpec.build(backend, w, next));
            next += layerSpec.indexSpan();
            w = layer.outputWidth();
            built.add(layer);
        }
        this.inner = Collections.unmodifiableList(built);
    }

    /** The layers of F, first to last. */
    public List<Layer> layers() {
        return inner;
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        Tensor out = outputFor(x);
        Tensor h = x;
        for (int j = 0; j < inner.size(); j++) { // indexed: no iterator object per pass
            h = inner.get(j).forward(h, mode);
        }
        backend.copy(x, out);
        backend.axpy(1.0, h, out);
        return out;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
        Tensor g = gradOutput;
        for (int j = inner.size() - 1; j >= 0; j--) {
            g = inner.get(j).backward(g, j > 0 || needInputGradient);
        }
        if (!needInputGradient) {
            return null;
        }
        Tensor gradInput = inputGradient(gradOutput.rows());
        backend.copy(gradOutput, gradInput);
        backend.axpy(1.0, g, gradInput);
        return gradInput;
    }

    @Override
    public String describe() {
        return "residual " + inputWidth + " [" + inner.stream().map(Layer::describe).collect(Collectors.joining(", ")) + "]";
    }
}
