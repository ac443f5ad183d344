package dev.myelin.model;

import dev.myelin.nn.ActivationSpec;
import dev.myelin.nn.BatchNormSpec;
import dev.myelin.nn.DenseSpec;
import dev.myelin.nn.DropoutSpec;
import dev.myelin.nn.LayerNormSpec;
import dev.myelin.nn.LayerSpec;
import dev.myelin.nn.MaxoutSpec;
import dev.myelin.nn.PReluSpec;
import dev.myelin.nn.ResidualSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The named tensors of a {@link ModelSpec}, worked out from the spec alone (no backend, no allocation):
 * each trainable parameter block and each non-trainable state tensor with its public name from the layer
 * tree and its shape. Public names are {@code layers.<i>.<type>.<param>}, with PyTorch's parameter words:
 * {@code layers.0.dense.weight [in, units]} (the transpose of PyTorch's {@code Linear.weight}),
 * {@code layers.0.dense.bias [1, units]}, {@code layers.2.batchnorm.weight/bias/running_mean/running_var [1, width]},
 * {@code layernorm.weight/bias}, {@code prelu.weight [1, width]} (the slopes), {@code maxout.weight [in, units·k]}
 * and {@code maxout.bias [1, units·k]}; a residual block's layers are {@code layers.<i>.residual.<j>.<type>.<param>}.
 * Shapes are counted in {@code long}, so a hostile spec cannot overflow them. Immutable; thread-safe.
 *
 * @param entries every tensor, in depth-first layer order, parameters and state interleaved
 */
public record TensorLayout(List<Entry> entries) {

    /**
     * One tensor.
     *
     * @param name      public name, e.g. {@code layers.0.dense.weight}
     * @param internal  the name the model uses ({@link ParameterSlot#name()}, {@link Model#stateTensors()}), e.g. {@code layer0.W}
     * @param rows      rows
     * @param cols      columns
     * @param trainable a parameter (true) or non-trainable state such as batch norm's running mean (false)
     */
    public record Entry(String name, String internal, long rows, long cols, boolean trainable) {
        /** Number of elements. */
        public long size() {
            return rows * cols;
        }
    }

    private static final Map<String, String> WORDS = Map.of("W", "weight", "b", "bias", "gamma", "weight", "beta", "bias",
            "alpha", "weight", "runningMean", "running_mean", "runningVar", "running_var");

    public TensorLayout {
        entries = List.copyOf(entries);
    }

    /** The layout of {@code spec}. */
    public static TensorLayout of(ModelSpec spec) {
        List<Entry> entries = new ArrayList<>();
        long width = spec.inputWidth();
        for (int i = 0; i < spec.layers().size(); i++) {
            width = add(entries, spec.layers().get(i), width, "layers." + i + ".", "layer" + i + ".");
        }
        return new TensorLayout(entries);
    }

    /** The {@code type} word of each bundled layer spec (records, so their classes are exact). */
    private static final Map<Class<? extends LayerSpec>, String> TYPES = Map.of(
            DenseSpec.class, "dense",
            ActivationSpec.class, "activation",
            BatchNormSpec.class, "batchnorm",
            LayerNormSpec.class, "layernorm",
            DropoutSpec.class, "dropout",
            PReluSpec.class, "prelu",
            MaxoutSpec.class, "maxout",
            ResidualSpec.class, "residual");

    /** The {@code type} word of a layer in model files and tensor names: dense, activation, batchnorm, … */
    public static String type(LayerSpec layer) {
        String type = TYPES.get(layer.getClass());
        if (type == null) {
            throw new IllegalArgumentException("no model-file name for a layer of type " + layer.getClass().getName());
        }
        return type;
    }

    /** Adds the tensors of {@code layer} fed {@code width} features; returns its output width. */
    private static long add(List<Entry> entries, LayerSpec layer, long width, String name, String internal) {
        String prefix = name + type(layer) + ".";
        if (layer instanceof DenseSpec d) {
            block(entries, prefix, internal, "W", width, d.units(), true);
            block(entries, prefix, internal, "b", 1, d.units(), true);
            return d.units();
        } else if (layer instanceof MaxoutSpec m) {
            block(entries, prefix, internal, "W", width, (long) m.units() * m.k(), true);
            block(entries, prefix, internal, "b", 1, (long) m.units() * m.k(), true);
            return m.units();
        } else if (layer instanceof BatchNormSpec) {
            block(entries, prefix, internal, "gamma", 1, width, true);
            block(entries, prefix, internal, "beta", 1, width, true);
            block(entries, prefix, internal, "runningMean", 1, width, false);
            block(entries, prefix, internal, "runningVar", 1, width, false);
        } else if (layer instanceof LayerNormSpec) {
            block(entries, prefix, internal, "gamma", 1, width, true);
            block(entries, prefix, internal, "beta", 1, width, true);
        } else if (layer instanceof PReluSpec) {
            block(entries, prefix, internal, "alpha", 1, width, true);
        } else if (layer instanceof ResidualSpec r) {
            long w = width;
            for (int j = 0; j < r.layers().size(); j++) {
                w = add(entries, r.layers().get(j), w, prefix + j + ".", internal + j + ".");
            }
            if (w != width) {
                throw new IllegalArgumentException("residual block " + name + " maps " + width + " features to " + w);
            }
        }
        return width;
    }

    private static void block(List<Entry> entries, String prefix, String internal, String block, long rows, long cols, boolean trainable) {
        entries.add(new Entry(prefix + WORDS.get(block), internal + block, rows, cols, trainable));
    }

    /** The entry named {@code name} (public or internal), or null. */
    public Entry find(String name) {
        for (Entry e : entries) {
            if (e.name().equals(name) || e.internal().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** The public names, in order. */
    public List<String> names() {
        return entries.stream().map(Entry::name).toList();
    }
}
