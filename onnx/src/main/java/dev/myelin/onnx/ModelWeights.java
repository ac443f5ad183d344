package dev.myelin.onnx;

import dev.myelin.model.Model;
import dev.myelin.model.ParameterSlot;
import dev.myelin.nn.NamedTensor;

import java.util.HashMap;
import java.util.Map;

/**
 * A host copy of every parameter block and state tensor of a model, by the model's names
 * ({@code layer0.W}, {@code layer3.1.gamma}, {@code layer2.runningMean}).
 */
final class ModelWeights {
    private final Map<String, double[]> values = new HashMap<>();

    ModelWeights(Model model) {
        double[] flat = model.parametersToHost();
        for (ParameterSlot slot : model.parameterSlots()) {
            double[] block = new double[slot.block().size()];
            System.arraycopy(flat, slot.offset(), block, 0, block.length);
            values.put(slot.name(), block);
        }
        for (NamedTensor state : model.stateTensors()) {
            double[] host = new double[state.tensor().size()];
            model.backend().download(state.tensor(), host, 0);
            values.put(state.name(), host);
        }
    }

    /** The values of {@code name}, which must hold {@code size} elements. */
    double[] get(String name, long size) {
        double[] v = values.get(name);
        if (v == null || v.length != size) {
            throw new IllegalStateException("model has no tensor '" + name + "' of " + size + " elements (found "
                    + (v == null ? "none" : v.length + " elements") + ")");
        }
        return v;
    }
}
