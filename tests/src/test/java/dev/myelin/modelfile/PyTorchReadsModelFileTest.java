package dev.myelin.modelfile;

import dev.myelin.backend.Backend;
import dev.myelin.backend.DType;
import dev.myelin.data.Dataset;
import dev.myelin.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@code examples/python/myelin_to_torch.py} reads a model file with plain numpy, rebuilds the network (every layer
 * kind) in PyTorch and reproduces Myelin's float64 predictions within 1e-6. Runs where Debian's python3-torch is
 * installed (CI installs it); skipped elsewhere.
 */
class PyTorchReadsModelFileTest {
    private static final Path SCRIPT = Path.of("..", "examples", "python", "myelin_to_torch.py");
    @TempDir
    Path dir;

    @Test
    void pyTorchReproducesMyelinsPredictionsWithin1e6() throws Exception {
        assumeThat(torchAvailable()).as("/usr/bin/python3 with torch and numpy").isTrue();
        Path file = dir.resolve("every-layer.myelin");
        Dataset raw = ModelFiles.data();
        double[] expected;
        try (Backend backend = ModelFiles.cpu(DType.FLOAT64); Model model = ModelFiles.trained(backend)) {
            model.save(file);
            expected = model.predict(raw.features(), raw.size());
        }
        Path csv = dir.resolve("features.csv");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            lines.add(raw.feature(i, 0) + "," + raw.feature(i, 1));
        }
        Files.write(csv, lines);
        Process process = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(), file.toString(), csv.toString()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        String[] rows = out.trim().split("\\R");
        assertThat(rows).hasSize(raw.size());
        double maxError = 0;
        for (int i = 0; i < rows.length; i++) {
            String[] cells = rows[i].split(",");
            assertThat(cells).hasSize(3);
            for (int c = 0; c < 3; c++) {
                maxError = Math.max(maxError, Math.abs(Double.parseDouble(cells[c]) - expected[i * 3 + c]));
            }
        }
        assertThat(maxError).as("largest |PyTorch − Myelin| over %d probabilities", expected.length).isLessThan(1e-6);
    }

    private static boolean torchAvailable() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch, numpy").start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
