package dev.myelin.onnx;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.cpu.CpuBackendProvider;
import dev.myelin.data.NormalizerParams;
import dev.myelin.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The reference ONNX checker (Debian's {@code python3-onnx} 1.12, {@code onnx.checker.check_model} with
 * {@code full_check=True}, which also runs shape inference) accepts an exported model using every layer
 * kind; skipped where {@code /usr/bin/python3} cannot import {@code onnx}. CI installs python3-onnx.
 */
class OnnxCheckerTest {
    private static final String CHECK = String.join("\n",
            "import sys, onnx",
            "m = onnx.load(sys.argv[1])",
            "onnx.checker.check_model(m, full_check=True)",
            "inferred = onnx.shape_inference.infer_shapes(m, strict_mode=True)",
            "out = inferred.graph.output[0].type.tensor_type.shape.dim",
            "print('ok', m.ir_version, m.opset_import[0].version, out[0].dim_param, out[1].dim_value)");

    @Test
    void pythonOnnxCheckerAcceptsAModelWithEveryLayerKind(@TempDir Path dir) throws Exception {
        assumeTrue(python("import onnx").exitCode == 0, "/usr/bin/python3 with onnx (python3-onnx) is not installed");
        Path file = dir.resolve("every-layer.onnx");
        try (Backend cpu = new CpuBackendProvider().open(DType.FLOAT32, new BackendOptions(1));
             Model model = Model.create(OnnxExporterTest.everyLayerKind(), cpu, 7)) {
            NormalizerParams standard = new NormalizerParams("standard", new double[6], new double[] {1, 2, 3, 4, 5, 6}, new double[6]);
            model.setInputNormalizer(standard);
            model.setClassNames(List.of("a", "b", "c", "d"));
            OnnxExporter.of(model).write(file);
        }
        Result check = python(CHECK, file.toString());
        assertThat(check.exitCode).as(check.output).isZero();
        assertThat(check.output).contains("ok 8 17 batch 4");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result python(String script, String... args) throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) {
            return new Result(-1, "no /usr/bin/python3");
        }
        List<String> command = new java.util.ArrayList<>(List.of(python.toString(), "-c", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + output);
        }
        return new Result(p.exitValue(), output);
    }
}
