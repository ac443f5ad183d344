package dev.myelin.cli;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.DeviceManager;
import dev.myelin.model.Model;
import dev.myelin.onnx.OnnxExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code myelin export}: writes a saved model as a standard ONNX model. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Export a saved model (.myelin) as a standard ONNX model (IR version 8, opset 17, float32): input 'input' [batch, features] "
                + "of raw features (the saved normaliser is part of the graph), output 'output' [batch, outputs] as predict gives it.")
final class ExportCommand implements Callable<Integer> {

    @Mixin
    Console console;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model file written by train --save.")
    Path model;

    @Option(names = "--onnx", required = true, paramLabel = "OUT", description = "The ONNX file to write (replaced atomically if it exists).")
    Path onnx;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = console.out();
        // The float64 CPU backend holds the saved values exactly; the exporter rounds them to float32 once.
        try (Backend cpu = new DeviceManager().open("cpu", DType.FLOAT64, new BackendOptions(1), line -> { }).backend();
             Model loaded = Model.load(model, cpu)) {
            OnnxExporter.of(loaded).write(onnx);
            out.printf(Locale.ROOT, "exported %s to %s (%d bytes): ONNX IR version %d, opset %d, input [batch, %d]%s → output [batch, %d]%s%n",
                    model, onnx, Files.size(onnx), OnnxExporter.IR_VERSION, OnnxExporter.OPSET_VERSION, loaded.inputWidth(),
                    loaded.inputNormalizer().map(n -> " raw, " + n.kind() + " normaliser in the graph").orElse(""), loaded.outputWidth(),
                    loaded.classNames().isEmpty() ? "" : ", classes " + String.join(", ", loaded.classNames()));
            return 0;
        }
    }
}
