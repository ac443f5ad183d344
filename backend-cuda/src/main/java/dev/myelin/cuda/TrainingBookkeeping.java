package dev.myelin.cuda;

import dev.myelin.backend.Tensor;
import dev.myelin.backend.spi.Operands;
import dev.myelin.backend.spi.TrainingChecks;

/**
 * The training bookkeeping operations on the device ({@code training.cu}): the copy made only when a device scalar
 * is not finite, and the confusion matrix counted with atomics. Each checks the operands with the backend's
 * {@link Operands} and the shared {@link TrainingChecks} first ({@link CudaBackend} has made the context current).
 */
final class TrainingBookkeeping {
    private final KernelLauncher launcher;

    TrainingBookkeeping(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    void copyIfNonFinite(Operands operands, Tensor flag, Tensor src, Tensor dst) {
        TrainingChecks.copyIfNonFinite(operands, flag, src, dst);
        launcher.elementwise("myelin_copy_if_non_finite", src.size(), flag, src, dst, src.size());
    }

    void confusionCounts(Operands operands, Tensor output, Tensor labels, double threshold, Tensor counts) {
        TrainingChecks.confusionCounts(operands, output, labels, counts);
        launcher.rows("myelin_confusion_counts", output.rows(), output, labels, output.rows(), output.cols(), labels.cols(), (float) threshold,
                counts, counts.rows());
    }
}
