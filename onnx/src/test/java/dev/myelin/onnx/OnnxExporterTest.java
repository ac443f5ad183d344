package dev.myelin.onnx;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.cpu.CpuBackendProvider;
import dev.myelin.data.NormalizerParams;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.nn.NamedTensor;
import dev.myelin.onnx.proto.OnnxProto.ModelProto;
import dev.myelin.onnx.proto.OnnxProto.NodeProto;
import dev.myelin.testkit.GoldenActivations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Exported models run in ONNX Runtime give Myelin's own predictions ({@link Model#predict} on the CPU
 * backend) within 1e-5, for float32 and for the float64 oracle. Parameters and batch-norm running
 * estimates are random (not the initial values), so every weight, slope and statistic matters.
 */
class OnnxExporterTest {
    private static final double TOLERANCE = 1e-5;
    private static final int ROWS = 9;

    /** Every layer kind: dense, batch norm, PReLU, layer norm, maxout, dropout, residual blocks, every activation, softmax output. */
    static ModelSpec everyLayerKind() {
        return ModelSpec.builder(6)
                .dense(12, Activation.relu())
                .batchNorm()
                .prelu()
                .layerNorm()
                .maxout(8, 3)
                .dropout(0.3)
                .residual(f -> f.dense(16, Activation.swish()).layerNorm().dense(8, Activation.elu(0.7)))
                .residual(f -> f.dense(8, Activation.selu()).batchNorm().activation(Activation.tanh()).dropout(0.2))
                .dense(8, Activation.leakyRelu(0.05))
                .dense(8, Activation.rectifier(-0.5))
                .dense(8, Activation.sigmoid())
                .dense(8, Activation.identity())
                .activation(Activation.softmax())
                .output(4, Activation.softmax(), Loss.sparseCategoricalCrossEntropy())
                .build();
    }

    /** Every activation kind (and other values of α): the activations the PyTorch golden files test. */
    static Stream<Activation> activations() {
        return GoldenActivations.activations();
    }

    @Test
    void everyLayerKindMatchesOnnxRuntimeInFloat32AndAgainstTheFloat64Oracle() throws Exception {
        for (DType dtype : DType.computeTypes()) {
            assertMatchesOnnxRuntime(everyLayerKind(), dtype, null);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void eachActivationMatchesOnnxRuntime(Activation activation) throws Exception {
        ModelSpec spec = ModelSpec.builder(5).dense(7, activation).dense(6, activation)
                .output(3, Loss.meanSquaredError()).build();
        assertMatchesOnnxRuntime(spec, DType.FLOAT32, null);
    }

    @Test
    void sigmoidOutputOfABinaryClassifierIsPartOfTheGraph() throws Exception {
        ModelSpec spec = ModelSpec.builder(4).dense(6, Activation.tanh()).output(1, Activation.sigmoid(), Loss.binaryCrossEntropy()).build();
        assertThat(spec.loss().spec().fromLogits()).isTrue();
        ModelProto onnx = assertMatchesOnnxRuntime(spec, DType.FLOAT32, null);
        assertThat(onnx.getGraph().getNodeList()).extracting(NodeProto::getOpType).contains("Sigmoid");
    }

    @Test
    void normaliserBecomesLeadingNodesSoTheGraphTakesRawFeatures() throws Exception {
        NormalizerParams minMax = new NormalizerParams("minmax", new double[] {10, -3, 0, 200, 1, 4},
                new double[] {2.5, 0.5, 1, 40, 3, 0.25}, new double[] {-1, -1, -1, -1, -1, -1});
        ModelProto onnx = assertMatchesOnnxRuntime(everyLayerKind(), DType.FLOAT32, minMax);
        assertThat(onnx.getGraph().getNodeList().subList(0, 3)).extracting(NodeProto::getOpType).containsExactly("Sub", "Div", "Add");
        assertThat(onnx.getMetadataPropsList()).anyMatch(p -> p.getKey().equals("normalizer") && p.getValue().equals("minmax"));
    }

    @Test
    void headerIsIrVersion8Opset17WithABatchDimension() {
        try (Backend cpu = cpu(DType.FLOAT32); Model model = Model.create(everyLayerKind(), cpu, 3)) {
            model.setClassNames(List.of("a", "b", "c", "d"));
            ModelProto onnx = OnnxExporter.of(model).toModelProto();
            assertThat(onnx.getIrVersion()).isEqualTo(8);
            assertThat(onnx.getOpsetImport(0).getDomain()).isEmpty();
            assertThat(onnx.getOpsetImport(0).getVersion()).isEqualTo(17);
            var input = onnx.getGraph().getInput(0);
            assertThat(input.getName()).isEqualTo("input");
            assertThat(input.getType().getTensorType().getShape().getDim(0).getDimParam()).isEqualTo("batch");
            assertThat(input.getType().getTensorType().getShape().getDim(1).getDimValue()).isEqualTo(6);
            assertThat(onnx.getGraph().getOutput(0).getType().getTensorType().getShape().getDim(1).getDimValue()).isEqualTo(4);
            assertThat(onnx.getMetadataPropsList()).anyMatch(p -> p.getKey().equals("class_names") && p.getValue().equals("a\nb\nc\nd"));
            assertThat(onnx.getGraph().getInitializerList()).extracting(t -> t.getName()).contains("layers.0.dense.weight", "layers.2.batchnorm.running_var",
                    "layers.7.residual.0.dense.weight", "layers.5.maxout.bias", "layer5.pieces_shape");
        }
    }

    @Test
    void writeReplacesTheFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.onnx");
        Files.writeString(file, "old");
        try (Backend cpu = cpu(DType.FLOAT32); Model model = Model.create(everyLayerKind(), cpu, 3)) {
            OnnxExporter exporter = OnnxExporter.of(model);
            exporter.write(file);
            assertThat(Files.readAllBytes(file)).isEqualTo(exporter.toBytes());
            assertThat(ModelProto.parseFrom(Files.readAllBytes(file)).getGraph().getNodeCount()).isGreaterThan(20);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        assertThatThrownBy(() -> {
            try (Backend cpu = cpu(DType.FLOAT32); Model model = Model.create(everyLayerKind(), cpu, 3)) {
                OnnxExporter.of(model).write(notAFolder.resolve("m.onnx"));
            }
        }).isInstanceOf(java.io.IOException.class);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(file, notAFolder);
        }
    }

    private static ModelProto assertMatchesOnnxRuntime(ModelSpec spec, DType dtype, NormalizerParams normalizer) throws Exception {
        try (Backend cpu = cpu(dtype); Model model = Model.create(spec, cpu, 11)) {
            randomise(model, 5);
            model.setInputNormalizer(normalizer);
            double[] raw = randomInputs(ROWS * spec.inputWidth(), 17, normalizer == null ? 1 : 50);
            double[] expected = model.predict(raw, ROWS);
            OnnxExporter exporter = OnnxExporter.of(model);
            double[] actual = OnnxRuntimeCheck.run(exporter.toBytes(), raw, ROWS, spec.inputWidth());
            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).as("%s %s output %d", dtype, spec.describe(), i).isCloseTo(expected[i], within(TOLERANCE));
            }
            assertThat(spread(expected)).as("outputs vary, so the comparison means something").isGreaterThan(1e-3);
            return exporter.toModelProto();
        }
    }

    /** Random parameters in ±0.8 and running estimates (variances in [0.5, 2], means in ±0.5), the same for every dtype. */
    private static void randomise(Model model, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] p = new double[model.parameterCount()];
        for (int i = 0; i < p.length; i++) {
            p[i] = rng.nextDouble(-0.8, 0.8);
        }
        model.setParameters(p);
        for (NamedTensor state : model.stateTensors()) {
            double[] v = new double[state.tensor().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = state.name().endsWith("runningVar") ? rng.nextDouble(0.5, 2) : rng.nextDouble(-0.5, 0.5);
            }
            model.backend().upload(v, 0, state.tensor());
        }
    }

    private static double[] randomInputs(int n, long seed, double scale) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = scale * rng.nextDouble(-1.5, 1.5);
        }
        return x;
    }

    private static double spread(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max - min;
    }

    private static Backend cpu(DType dtype) {
        return new CpuBackendProvider().open(dtype, new BackendOptions(1));
    }
}
