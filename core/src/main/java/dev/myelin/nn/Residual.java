package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Running form of {@link ResidualSpec}. Its parameter blocks are those of its inner layers in order,
 * renamed {@code j.name} for the j-th inner layer, so the model places and binds them like any other
 * blocks; {@link #bind} hands each inner layer its views. State tensors are prefixed the same way.
 *
 * <p>Not thread-safe: it keeps the last pass's tensors; use it only through its model, whose thread-safety rules
 * apply (see {@link dev.myelin.model.Model}).
 */
public final class Residual extends Layer {
    private final List<Layer> inner;
    private final List<ParameterBlock> blocks;
    private Tensor input;

    Residual(Backend backend, int width, ResidualSpec spec, int index) {
        super(backend, width, width);
        List<Layer> built = new ArrayList<>();
        List<ParameterBlock> named = new ArrayList<>();
        int w = width;
        int next = index + 1;
        for (LayerSpec layerSpec : spec.layers()) {
            Layer layer = layerSpec.build(backend, w, next);
            next += layerSpec.indexSpan();
            w = layer.outputWidth();
            for (ParameterBlock b : layer.parameterBlocks()) {
                named.add(new ParameterBlock(built.size() + "." + b.name(), b.rows(), b.cols(), b.regularized()));
            }
            built.add(layer);
        }
        this.inner = Collections.unmodifiableList(built);
        this.blocks = Collections.unmodifiableList(named);
    }

    /** The layers of F, first to last. */
    public List<Layer> layers() {
        return inner;
    }

    @Override
    public List<ParameterBlock> parameterBlocks() {
        return blocks;
    }

    @Override
    public void initialize(ParameterBlock block, double[] host, int offset, SplittableRandom rng) {
        int dot = block.name().indexOf('.');
        int j = dot < 0 ? -1 : parseIndex(block.name().substring(0, dot));
        if (j < 0 || j >= inner.size()) {
            super.initialize(block, host, offset, rng);
            return;
        }
        String name = block.name().substring(dot + 1);
        Layer layer = inner.get(j);
        ParameterBlock own = layer.parameterBlocks().stream().filter(b -> b.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(describe() + " has no parameter " + block.name()));
        layer.initialize(own, host, offset, rng);
    }

    private static int parseIndex(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void bind(List<Tensor> parameters, List<Tensor> gradients) {
        if (parameters.size() != blocks.size() || gradients.size() != blocks.size()) {
            throw new IllegalStateException(describe() + ": expected " + blocks.size() + " parameter and gradient views, got "
                    + parameters.size() + " and " + gradients.size());
        }
        int at = 0;
        for (Layer layer : inner) {
            int count = layer.parameterBlocks().size();
            layer.bind(parameters.subList(at, at + count), gradients.subList(at, at + count));
            at += count;
        }
    }

    @Override
    public List<NamedTensor> stateTensors() {
        List<NamedTensor> state = new ArrayList<>();
        for (int j = 0; j < inner.size(); j++) {
            for (NamedTensor t : inner.get(j).stateTensors()) {
                state.add(t.prefixed(j + "."));
            }
        }
        return state;
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        checkInput(x);
        input = x;
        Tensor h = x;
        for (Layer layer : inner) {
            h = layer.forward(h, mode);
        }
        Tensor out = workspace.get("y", x.rows(), outputWidth);
        backend.copy(input, out);
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
        Tensor gradInput = workspace.get("dx", gradOutput.rows(), inputWidth);
        backend.copy(gradOutput, gradInput);
        backend.axpy(1.0, g, gradInput);
        return gradInput;
    }

    @Override
    public String describe() {
        return "residual " + inputWidth + " [" + inner.stream().map(Layer::describe).collect(Collectors.joining(", ")) + "]";
    }

    @Override
    public void close() {
        inner.forEach(Layer::close);
        super.close();
    }
}
