package dev.myelin.cli;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.cpu.CpuBackendProvider;
import dev.myelin.data.NormalizerParams;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.onnx.OnnxExporter;
import dev.myelin.onnx.proto.OnnxProto.ModelProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code myelin export --model FILE --onnx OUT} writes what {@link OnnxExporter} makes of the loaded model. */
class ExportCliTest {
    @TempDir
    Path dir;

    @Test
    void exportWritesTheOnnxModelOfTheSavedModelWithItsNormaliserAndClassNames() throws Exception {
        Path saved = dir.resolve("m.myelin");
        ModelSpec spec = ModelSpec.builder(3).dense(8, Activation.relu()).batchNorm().dropout(0.1).dense(5, Activation.swish())
                .output(3, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
        try (Backend cpu = new CpuBackendProvider().open(DType.FLOAT32, new BackendOptions(1)); Model model = Model.create(spec, cpu, 9)) {
            model.setInputNormalizer(new NormalizerParams("standard", new double[] {1, 2, 3}, new double[] {4, 5, 6}, new double[3]));
            model.setClassNames(List.of("low", "mid", "high"));
            model.save(saved);
        }
        Path onnx = dir.resolve("m.onnx");
        CliRun run = CliRun.of("export", "--model", saved.toString(), "--onnx", onnx.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("exported " + saved + " to " + onnx)
                .contains("ONNX IR version 8, opset 17, input [batch, 3] raw, standard normaliser in the graph → output [batch, 3], classes low, mid, high");

        byte[] written = Files.readAllBytes(onnx);
        try (Backend cpu = new CpuBackendProvider().open(DType.FLOAT64, new BackendOptions(1)); Model loaded = Model.load(saved, cpu)) {
            assertThat(written).isEqualTo(OnnxExporter.of(loaded).toBytes());
        }
        ModelProto proto = ModelProto.parseFrom(written);
        assertThat(proto.getGraph().getNode(0).getOpType()).isEqualTo("Sub");
        assertThat(proto.getMetadataPropsList()).anyMatch(p -> p.getKey().equals("class_names") && p.getValue().equals("low\nmid\nhigh"));
    }

    @Test
    void aMissingOrBrokenModelFileIsAMyelinErrorAndWritesNothing() throws Exception {
        Path onnx = dir.resolve("out.onnx");
        CliRun missing = CliRun.of("export", "--model", dir.resolve("none.myelin").toString(), "--onnx", onnx.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).startsWith("myelin: ").contains("none.myelin");

        Path broken = Files.writeString(dir.resolve("broken.myelin"), "not a zip");
        CliRun bad = CliRun.of("export", "--model", broken.toString(), "--onnx", onnx.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).startsWith("myelin: ").contains("broken.myelin");
        assertThat(onnx).doesNotExist();
        assertThat(CliRun.of("export", "--model", broken.toString()).exitCode()).as("--onnx is required").isEqualTo(2);
    }
}
