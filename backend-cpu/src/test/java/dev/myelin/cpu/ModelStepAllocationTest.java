package dev.myelin.cpu;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.nn.Mode;
import dev.myelin.optim.Sgd;
import dev.myelin.optim.Updater;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model's training step (forward through its layers, loss, backward, optimiser update) allocates nothing on the
 * calling thread once its batch sizes have been seen, with an epoch's full batch and its last partial batch taking turns,
 * with OpenBLAS (the default where it loads) and with the pure-Java GEMM.
 */
class ModelStepAllocationTest {

    @ParameterizedTest(name = "{0} with {1} GEMM")
    @MethodSource("dev.myelin.cpu.AllocationWindows#dtypesAndGemms")
    void fullAndPartialBatchStepsAllocateNothingAfterWarmUp(DType dtype, CpuGemm gemm) {
        ModelSpec spec = ModelSpec.builder(20).dense(32, Activation.relu()).batchNorm().dense(16, Activation.tanh())
                .output(5, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
        try (CpuBackend backend = new CpuBackend(dtype, new BackendOptions(2), gemm);
             Model model = Model.create(spec, backend, 1);
             Updater updater = Sgd.momentum(0.01, 0.9).start(backend, model.parameterCount());
             Tensor full = backend.allocate(64, 20); Tensor fullLabels = backend.allocate(64, 1);
             Tensor partial = backend.allocate(17, 20); Tensor partialLabels = backend.allocate(17, 1);
             Tensor lossSum = backend.allocate(1, 1)) {
            double[] x = new double[64 * 20];
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.sin(i);
            }
            backend.upload(x, 0, full);
            backend.upload(x, 0, partial);
            backend.fill(fullLabels, 3);
            backend.fill(partialLabels, 1);
            Mode mode = Mode.training(7, 0);
            Runnable steps = () -> {
                model.computeGradients(full, fullLabels, mode, lossSum);
                updater.step(model.parameters(), model.gradients(), 0.01, null);
                model.computeGradients(partial, partialLabels, mode, lossSum);
                updater.step(model.parameters(), model.gradients(), 0.01, null);
            };
            steps.run();
            long buffers = model.workspaceBufferCount();
            long allocated = AllocationWindows.steadyStateBytes(steps, 1000, 25);
            assertThat(allocated).as("bytes allocated by 50 steady-state steps on %s", backend.description()).isZero();
            assertThat(model.workspaceBufferCount()).as("scratch buffers").isEqualTo(buffers);
            assertThat(backend.readScalar(lossSum, 0)).as("the loss was summed").isPositive();
        }
    }
}
