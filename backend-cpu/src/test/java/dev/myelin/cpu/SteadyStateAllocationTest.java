package dev.myelin.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.BatchNormSettings;
import dev.myelin.backend.DType;
import dev.myelin.backend.LossKind;
import dev.myelin.backend.LossSpec;
import dev.myelin.backend.MomentumForm;
import dev.myelin.backend.SgdSpec;
import dev.myelin.backend.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A training step's operations allocate nothing on the calling thread once buffers have grown. The hidden layer is
 * wide enough (64 × 256) that the element-wise, batch-norm and dropout kernels run over the worker pool.
 */
class SteadyStateAllocationTest {

    @ParameterizedTest(name = "{0} with {1} GEMM")
    @MethodSource("dev.myelin.cpu.AllocationWindows#dtypesAndGemms")
    void aDenseTrainingStepAllocatesNothingAfterWarmUp(DType dtype, CpuGemm gemm) {
        try (CpuBackend backend = new CpuBackend(dtype, new BackendOptions(2), gemm)) {
            int batch = 64;
            int in = 100;
            int hidden = 256;
            int out = 10;
            Tensor params = backend.allocate(1, in * hidden + hidden + hidden * out + out);
            Tensor grads = backend.allocate(1, params.size());
            Tensor velocity = backend.allocate(1, params.size());
            Tensor w1 = backend.view(params, 0, in, hidden);
            Tensor b1 = backend.view(params, in * hidden, 1, hidden);
            Tensor w2 = backend.view(params, in * hidden + hidden, hidden, out);
            Tensor gw1 = backend.view(grads, 0, in, hidden);
            Tensor gb1 = backend.view(grads, in * hidden, 1, hidden);
            Tensor gw2 = backend.view(grads, in * hidden + hidden, hidden, out);
            Tensor x = backend.allocate(batch, in);
            Tensor z1 = backend.allocate(batch, hidden);
            Tensor a1 = backend.allocate(batch, hidden);
            Tensor logits = backend.allocate(batch, out);
            Tensor labels = backend.allocate(batch, 1);
            Tensor gLogits = backend.allocate(batch, out);
            Tensor gA1 = backend.allocate(batch, hidden);
            Tensor lossSum = backend.allocate(1, 1);
            Tensor gamma = backend.allocate(1, hidden);
            Tensor beta = backend.allocate(1, hidden);
            Tensor runningMean = backend.allocate(1, hidden);
            Tensor runningVar = backend.allocate(1, hidden);
            Tensor savedMean = backend.allocate(1, hidden);
            Tensor savedInvStd = backend.allocate(1, hidden);
            Tensor gGamma = backend.allocate(1, hidden);
            Tensor gBeta = backend.allocate(1, hidden);
            Tensor n1 = backend.allocate(batch, hidden);
            Tensor mask = backend.allocate(batch, hidden);
            Tensor norm = backend.allocate(1, 1);
            double[] data = new double[batch * in];
            for (int i = 0; i < data.length; i++) {
                data[i] = Math.sin(i);
            }
            backend.upload(data, 0, x);
            backend.fill(w1, 0.01);
            backend.fill(w2, -0.02);
            backend.fill(labels, 3);
            backend.fill(gamma, 1);
            backend.fill(runningVar, 1);
            LossSpec loss = new LossSpec(LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY, true, 0, 0);
            BatchNormSettings batchNorm = new BatchNormSettings(1e-5, 0.1);
            SgdSpec sgd = new SgdSpec(MomentumForm.NESTEROV, 0.9, 1e-4);
            Runnable step = () -> {
                backend.gemm(false, false, 1, x, w1, 0, z1);
                backend.addRowVector(z1, b1);
                backend.batchNormForwardTraining(batchNorm, z1, gamma, beta, runningMean, runningVar, n1, savedMean, savedInvStd);
                backend.activationForward(ActivationKind.RELU, 0, n1, a1);
                backend.dropoutMask(42, 7, 0, 0.1, mask);
                backend.multiply(a1, mask, a1);
                backend.gemm(false, false, 1, a1, w2, 0, logits);
                backend.lossForward(loss, logits, labels, lossSum);
                backend.lossBackward(loss, logits, labels, 1.0 / batch, gLogits);
                backend.gemm(true, false, 1, a1, gLogits, 0, gw2);
                backend.gemm(false, true, 1, gLogits, w2, 0, gA1);
                backend.multiply(gA1, mask, gA1);
                backend.activationBackward(ActivationKind.RELU, 0, n1, a1, gA1, gA1);
                backend.batchNormBackward(z1, gA1, gamma, savedMean, savedInvStd, gA1, gGamma, gBeta);
                backend.gemm(true, false, 1, x, gA1, 0, gw1);
                backend.columnSums(gA1, 0, gb1);
                backend.sumOfSquares(grads, norm);
                backend.sgdStep(sgd, 0.1, params, grads, velocity, null);
            };
            // a long warm-up: until C2 has compiled the step's methods, a deoptimisation can run code in the
            // interpreter, where objects escape analysis removes are really allocated (seen once: 1,016 bytes after 200)
            long allocated = AllocationWindows.steadyStateBytes(step, 2000, 50);
            assertThat(allocated).as("bytes allocated by 50 steady-state steps with %s (the last of four windows)", backend.description()).isZero();
            assertThat(backend.readScalar(lossSum, 0)).as("the loss was computed").isPositive();
        }
    }
}
