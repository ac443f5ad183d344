package dev.myelin.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.cpu.CpuBackendProvider;
import dev.myelin.data.Dataset;
import dev.myelin.data.Synthetic;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.Adam;
import dev.myelin.sim.SimulatedDevice;
import dev.myelin.train.History;
import dev.myelin.train.Trainer;
import org.junit.jupiter.api.Test;

/** 50 Adam steps of a network with batch norm and dropout on CUDA float32 stay close to the CPU float64 run. */
@SimulatedDevice
class CudaTrajectoryTest {

    @Test
    void fiftyAdamStepsWithBatchNormAndDropoutStayWithinToleranceOfCpuFloat64() {
        Dataset moons = Synthetic.twoMoons(400, 0.1, 3);
        ModelSpec spec = ModelSpec.builder(2).dense(32, Activation.relu()).batchNorm().dropout(0.2).dense(16, Activation.tanh())
                .output(2, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
        // 400 samples in batches of 32: 13 steps per epoch, 4 epochs = 52 steps.
        Trainer trainer = Trainer.builder().epochs(4).batchSize(32).seed(9).optimizer(Adam.of(0.01)).build();
        double[] want;
        double[] got;
        double[] wantLoss;
        double[] gotLoss;
        try (Backend f64 = new CpuBackendProvider().open(DType.FLOAT64, new BackendOptions(2)); Model model = Model.create(spec, f64, 5)) {
            History h = trainer.fit(model, moons);
            want = model.parametersToHost();
            wantLoss = h.get("loss");
        }
        try (Backend cuda = new CudaBackend(CudaOptions.defaults()); Model model = Model.create(spec, cuda, 5)) {
            History h = trainer.fit(model, moons);
            got = model.parametersToHost();
            gotLoss = h.get("loss");
        }
        double diff = 0;
        double norm = 0;
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            diff += (got[i] - want[i]) * (got[i] - want[i]);
            norm += want[i] * want[i];
            worst = Math.max(worst, Math.abs(got[i] - want[i]));
        }
        double relative = Math.sqrt(diff / norm);
        System.out.println("[cuda-sim] 52 Adam steps (BN, dropout) CUDA f32 vs CPU f64: parameter relative error " + relative
                + ", worst absolute " + worst + "; epoch losses " + java.util.Arrays.toString(gotLoss) + " vs " + java.util.Arrays.toString(wantLoss));
        // float32 rounding (~1e-7 per operation) grows over 52 steps; Adam's normalised steps keep it bounded.
        assertThat(relative).isLessThan(1e-4);
        for (int e = 0; e < wantLoss.length; e++) {
            assertThat(gotLoss[e]).isCloseTo(wantLoss[e], org.assertj.core.data.Offset.offset(1e-4 * Math.max(1, Math.abs(wantLoss[e]))));
        }
    }
}
