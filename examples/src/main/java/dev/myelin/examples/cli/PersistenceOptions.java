package dev.myelin.examples.cli;

import dev.myelin.data.Dataset;
import dev.myelin.data.NormalizerParams;
import dev.myelin.model.Model;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** The options of {@code myelin train} that keep what it trains: {@code --save}. */
final class PersistenceOptions {

    @Option(names = "--save", paramLabel = "FILE", description = "Save the trained model (with its normaliser and class names) to FILE (.myelin), atomically.")
    Path save;

    /** Saves {@code model} with the normaliser and class names of {@code data}, when {@code --save} was given. */
    void saveIfAsked(Model model, NormalizerParams normalizer, Dataset data, PrintWriter out) throws IOException {
        if (save == null) {
            return;
        }
        model.setInputNormalizer(normalizer);
        if (data.isClassification()) {
            model.setClassNames(data.classNames());
        }
        model.save(save);
        out.println("saved the model to " + save);
    }
}
