package dev.myelin.testkit;

import dev.myelin.backend.ActivationKind;
import dev.myelin.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The PyTorch golden file of every {@link ActivationKind}, and the activations they test: the one list the activation
 * tests iterate (the backend kit, the gradient check, the ONNX export), so a new kind is tested everywhere as soon as it
 * is in the enum and its golden file exists.
 *
 * <p>Each kind has {@code activation_<id>.txt} ({@link ActivationKind#id()}), written by
 * {@code tests/golden/golden_activations.py}; a kind with an α has it in the file ({@code alpha = ...}) and, when the
 * kind has a default α, the file is at that default (so a default that drifts from PyTorch's fails). A few more files
 * test other values of α ({@link #OTHER_ALPHAS}). Thread-safe (stateless).
 */
public final class GoldenActivations {
    /** Files at an α other than the default, {@code activation_<id>_<label>.txt}. */
    static final List<String> OTHER_ALPHAS = List.of(
            "activation_leaky_relu_0.2.txt", "activation_rectifier_0.3.txt", "activation_elu_0.5.txt");

    private GoldenActivations() {
    }

    /**
     * One golden file and the kind it tests.
     *
     * @param kind the activation
     * @param file the golden file's name under {@code /golden/}
     */
    public record Case(ActivationKind kind, String file) {
        /**
         * The golden file.
         *
         * @throws IllegalStateException saying which entry to add to the golden script when the file does not exist
         */
        public GoldenFile load() {
            if (GoldenFile.class.getResource("/golden/" + file) == null) {
                throw new IllegalStateException("no PyTorch golden file for activation " + kind.id() + " (" + file
                        + "): add an entry for '" + kind.id() + "' to ACTIVATIONS in tests/golden/golden_activations.py (its"
                        + " torch function) and run /usr/bin/python3 tests/golden/golden_activations.py");
            }
            return GoldenFile.load(file);
        }

        /** The activation the file was computed for: the kind with the file's α (0 when the kind takes none). */
        public Activation activation() {
            GoldenFile golden = load();
            if (kind.alpha().used() && !golden.has("alpha")) {
                throw new IllegalStateException(file + " has no alpha, but " + kind.id() + " takes one: the golden"
                        + " script must write it");
            }
            return Activation.of(kind, kind.alpha().used() ? golden.get("alpha")[0] : 0);
        }

        /** Whether the file is the kind's main one ({@code activation_<id>.txt}), at the default α if there is one. */
        public boolean atDefault() {
            return file.equals(mainFile(kind));
        }

        @Override
        public String toString() {
            return file;
        }
    }

    /** The main golden file of {@code kind}. */
    static String mainFile(ActivationKind kind) {
        return "activation_" + kind.id() + ".txt";
    }

    /** Every kind's main file, in enum order, then the files at other α. */
    public static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (ActivationKind kind : ActivationKind.values()) {
            cases.add(new Case(kind, mainFile(kind)));
        }
        for (String file : OTHER_ALPHAS) {
            cases.add(new Case(kindOf(file), file));
        }
        return cases;
    }

    /** The element-wise cases (every kind but softmax). */
    public static Stream<Case> elementWise() {
        return cases().stream().filter(c -> c.kind().elementWise());
    }

    /** The activation of every case: every kind, and the other α values. */
    public static Stream<Activation> activations() {
        return cases().stream().map(Case::activation);
    }

    /** The kind whose id is the longest prefix of {@code activation_<id>_<label>.txt}. */
    private static ActivationKind kindOf(String file) {
        ActivationKind best = null;
        for (ActivationKind kind : ActivationKind.values()) {
            if (file.startsWith("activation_" + kind.id() + "_") && (best == null || kind.id().length() > best.id().length())) {
                best = kind;
            }
        }
        if (best == null) {
            throw new IllegalStateException(file + " names no activation kind");
        }
        return best;
    }
}
