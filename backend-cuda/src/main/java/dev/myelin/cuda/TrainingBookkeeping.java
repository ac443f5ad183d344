package dev.myelin.cuda;

import dev.myelin.backend.Tensor;

/**
 * The training bookkeeping operations on the device ({@code training.cu}): the copy made only when a device scalar
 * is not finite, and the confusion matrix counted with atomics; operands already checked by {@link CudaBackend}.
 */
final class TrainingBookkeeping {
    private final KernelLauncher launcher;

    TrainingBookkeeping(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    void copyIfNonFinite(Tensor flag, Tensor src, Tensor dst) {
        launcher.elementwise("myelin_copy_if_non_finite", src.size(), flag, src, dst, src.size());
    }

    void confusionCounts(Tensor output, Tensor labels, double threshold, Tensor counts) {
        launcher.rows("myelin_confusion_counts", output.rows(), output, labels, output.rows(), output.cols(), labels.cols(), (float) threshold,
                counts, counts.rows());
    }
}
