package dev.myelin.cli;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.DeviceManager;
import picocli.CommandLine.Option;

/** {@code --backend} of the commands that run a saved model ({@code predict}, {@code evaluate}) ({@code @Mixin}). */
final class SavedModelBackend {

    @Option(names = "--backend", defaultValue = "cpu", description = "auto, cpu or cuda; the model runs in the precision it was saved in (default: ${DEFAULT-VALUE}).")
    String backend;

    /** Opens the backend in {@code dtype}, the saved model's precision, quietly. */
    DeviceManager.Selection open(DType dtype) {
        return new DeviceManager().open(backend, dtype, BackendOptions.defaults(), line -> { });
    }
}
