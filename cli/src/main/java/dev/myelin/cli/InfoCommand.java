package dev.myelin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.model.TensorLayout;
import dev.myelin.modelfile.HostTensor;
import dev.myelin.modelfile.ModelIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code myelin info FILE}: what a model or checkpoint file holds, after checking it. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Check a model or checkpoint file (.myelin) and describe it: versions, network, normaliser, classes, tensors, entries.")
final class InfoCommand implements Callable<Integer> {

    @Mixin
    Console console;

    @Parameters(index = "0", paramLabel = "FILE", description = "The .myelin file.")
    Path file;

    @Override
    public Integer call() throws IOException {
        ModelIO.SavedModel saved = ModelIO.inspect(file);
        JsonNode m = saved.manifest();
        PrintWriter out = console.out();
        out.printf(Locale.ROOT, "%s: Myelin %s file, format version %d, written by Myelin %s on %s%n", file, m.path("kind").asText(),
                m.path("format_version").asInt(), m.path("myelin_version").asText(), m.path("created").asText());
        out.println("dtype: " + ModelIO.dtypeName(saved.dtype()));
        out.println("network: " + saved.spec().describe());
        long parameters = TensorLayout.of(saved.spec()).entries().stream().filter(TensorLayout.Entry::trainable).mapToLong(TensorLayout.Entry::size).sum();
        out.println("parameters: " + parameters);
        out.println("normalizer: " + (saved.normalizer() == null ? "none" : saved.normalizer().kind() + " over " + saved.normalizer().featureCount() + " features"));
        out.println("classes: " + (saved.classNames().isEmpty() ? "unnamed" : String.join(", ", saved.classNames())));
        JsonNode training = m.get("training");
        if (training != null && training.isObject()) {
            out.printf(Locale.ROOT, "training: %d epochs done, %d steps%n", training.path("epoch").asInt(), training.path("step").asLong());
        }
        out.println("tensors:");
        for (HostTensor t : saved.tensors()) {
            out.printf(Locale.ROOT, "  %-44s %s%n", t.name(), t.shape());
        }
        out.println("entries:");
        for (Iterator<Map.Entry<String, JsonNode>> it = m.path("entries").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.printf(Locale.ROOT, "  %-24s %10d bytes  sha256 %s%n", e.getKey(), e.getValue().path("bytes").asLong(), e.getValue().path("sha256").asText());
        }
        out.flush();
        return 0;
    }
}
