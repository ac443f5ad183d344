package dev.myelin.modelfile;

import dev.myelin.backend.Backend;
import dev.myelin.backend.DType;
import dev.myelin.data.Dataset;
import dev.myelin.model.Model;
import dev.myelin.model.TensorLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Save → load gives the same model bit for bit: predictions, parameters, state, spec, normaliser, class names. */
class ModelFileRoundTripTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void loadInAnotherJvmPredictsBitIdentically(DType dtype) throws Exception {
        Path file = dir.resolve("every-layer.myelin");
        String predictions;
        String parameters;
        try (Backend backend = ModelFiles.cpu(dtype); Model model = ModelFiles.trained(backend)) {
            model.save(file);
            Dataset raw = ModelFiles.data();
            predictions = ModelFiles.hash(model.predict(raw.features(), raw.size()));
            parameters = ModelFiles.hash(model.parametersToHost());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ModelFiles.class.getName(), file.toString(),
                dtype == DType.FLOAT32 ? "float32" : "float64").redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.split("\\R")).containsExactly(predictions, parameters);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void loadRestoresEveryTensorSpecNormalizerAndClassNames(DType dtype) throws Exception {
        Path file = dir.resolve("m.myelin");
        try (Backend backend = ModelFiles.cpu(dtype); Model model = ModelFiles.trained(backend)) {
            model.save(file);
            try (Model loaded = Model.load(file, backend)) {
                assertThat(loaded.spec()).isEqualTo(model.spec());
                assertThat(loaded.inputNormalizer()).isEqualTo(model.inputNormalizer());
                assertThat(loaded.classNames()).containsExactly("red", "green", "blue");
                assertThat(loaded.dtype()).isEqualTo(dtype);
                for (String name : model.tensorLayout().names()) {
                    assertThat(loaded.tensor(name)).as(name).isEqualTo(model.tensor(name));
                }
                double[] mean = model.tensor("layers.2.batchnorm.running_mean");
                assertThat(mean).as("running mean moved away from its initial 0 during training").isNotEqualTo(new double[mean.length]);
            }
        }
    }

    @Test
    void tensorNamesFollowTheLayerTree() {
        TensorLayout layout = TensorLayout.of(ModelFiles.everyLayerKind());
        assertThat(layout.names()).startsWith("layers.0.dense.weight", "layers.0.dense.bias", "layers.2.batchnorm.weight",
                "layers.2.batchnorm.bias", "layers.2.batchnorm.running_mean", "layers.2.batchnorm.running_var");
        assertThat(layout.names()).contains("layers.5.layernorm.weight", "layers.8.prelu.weight", "layers.9.maxout.weight",
                "layers.10.residual.0.dense.weight", "layers.10.residual.2.batchnorm.running_var");
        TensorLayout.Entry first = layout.find("layers.0.dense.weight");
        assertThat(first.rows()).isEqualTo(2);
        assertThat(first.cols()).isEqualTo(12);
        assertThat(layout.find("layers.9.maxout.bias").cols()).as("units·k").isEqualTo(30);
    }

    @Test
    void aFloat64FileLoadsOntoAFloat32BackendRoundedToNearest() throws Exception {
        Path file = dir.resolve("m.myelin");
        try (Backend b64 = ModelFiles.cpu(DType.FLOAT64); Model model = ModelFiles.trained(b64)) {
            model.save(file);
            try (Backend b32 = ModelFiles.cpu(DType.FLOAT32); Model loaded = Model.load(file, b32)) {
                double[] expected = model.tensor("layers.0.dense.weight");
                double[] actual = loaded.tensor("layers.0.dense.weight");
                for (int i = 0; i < expected.length; i++) {
                    assertThat(actual[i]).isEqualTo((double) (float) expected[i]);
                }
            }
        }
    }

    @Test
    void saveReplacesAnOldFileAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("m.myelin");
        Files.writeString(file, "old contents");
        try (Backend backend = ModelFiles.cpu(DType.FLOAT64); Model model = ModelFiles.trained(backend)) {
            model.save(file);
        }
        assertThat(ModelIO.inspect(file).spec()).isEqualTo(ModelFiles.everyLayerKind());
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString()).toList()).containsExactly("m.myelin");
        }
    }

    @Test
    void theFileIsAZipWithAManifestAndSafetensors() throws IOException {
        Path file = dir.resolve("m.myelin");
        try (Backend backend = ModelFiles.cpu(DType.FLOAT64); Model model = ModelFiles.trained(backend)) {
            model.save(file);
        }
        ModelArchive.Contents contents = ModelArchive.read(file);
        assertThat(contents.entries()).containsOnlyKeys("model.safetensors");
        assertThat(contents.manifest().get("format").asText()).isEqualTo("myelin");
        assertThat(contents.manifest().get("format_version").asInt()).isEqualTo(1);
        assertThat(contents.manifest().get("dtype").asText()).isEqualTo("float64");
        assertThat(contents.manifest().at("/entries/model.safetensors/sha256").asText())
                .isEqualTo(ModelArchive.sha256(contents.entries().get("model.safetensors")));
        assertThat(contents.manifest().at("/normalizer/kind").asText()).isEqualTo("standard");
    }

    @Test
    void aMissingFileSaysNoSuchFile() {
        assertThatThrownBy(() -> Model.load(dir.resolve("absent.myelin"), null))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("absent.myelin").hasMessageContaining("no such file");
    }

    @Test
    void perLayerParametersCanBeReadAndSetByName() {
        try (Backend backend = ModelFiles.cpu(DType.FLOAT64); Model model = Model.create(ModelFiles.everyLayerKind(), backend, 1)) {
            List<String> names = model.tensorLayout().names();
            String outputBias = names.get(names.size() - 1);
            assertThat(outputBias).matches("layers\\.\\d+\\.dense\\.bias");
            model.setTensor(outputBias, new double[] {1, 2, 3});
            assertThat(model.tensor(outputBias)).containsExactly(1, 2, 3);
            double[] flat = model.parametersToHost();
            int offset = model.parameterSlots().stream().filter(s -> s.name().equals(model.tensorLayout().find(outputBias).internal()))
                    .findFirst().orElseThrow().offset();
            assertThat(List.of(flat[offset], flat[offset + 1], flat[offset + 2])).containsExactly(1.0, 2.0, 3.0);
            assertThatThrownBy(() -> model.tensor("layers.1.dense.weight")).hasMessageContaining("no tensor 'layers.1.dense.weight'");
            assertThatThrownBy(() -> model.setTensor(outputBias, new double[2])).hasMessageContaining("[1, 3]");
        }
    }
}
