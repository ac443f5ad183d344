package dev.myelin.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.data.EmbeddedData;
import dev.myelin.data.Split;
import dev.myelin.data.Splits;
import dev.myelin.e2e.DivergingRuns;
import dev.myelin.e2e.ResidentEvaluations;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.sim.SimulatedDevice;
import dev.myelin.sim.Simulator;
import dev.myelin.sim.SimulatorCounters;
import dev.myelin.train.Evaluator;
import org.junit.jupiter.api.Test;

/**
 * The training bookkeeping on the simulated device: a diverged run keeps the model of its last finite step whenever the
 * loss is read, without a copy of the parameters, and validation counts its confusion matrix on the device with the
 * host's numbers.
 */
@SimulatedDevice
class CudaTrainingBookkeepingTest {

    @Test
    void aDivergedRunKeepsItsLastFiniteStepWithoutAParameterSizedBuffer() {
        try (CudaBackend cuda = new CudaBackend(CudaOptions.defaults())) {
            DivergingRuns.assertADivergedRunKeepsTheLastFiniteStep(cuda);
            DivergingRuns.assertARunAllocatesNoParameterSizedBuffer(cuda, cuda::liveBytes);
        }
        assertThat(Simulator.counters().get("unsupported_calls")).isZero();
    }

    @Test
    void deviceCountedConfusionMatricesAndValidationEqualTheHostOnes() {
        CudaBackend cuda = new CudaBackend(CudaOptions.defaults());
        try (cuda) {
            ResidentEvaluations.assertDeviceAndHostCountsAgree(cuda);
            ResidentEvaluations.assertResidentAndHostValidationAgree(cuda);
        }
    }

    @Test
    void anEvaluationOnTheDeviceReadsBackTheMatrixOnceInsteadOfEveryBatchsClasses() {
        Split split = Splits.stratified(EmbeddedData.digits(), 0.70, 0.30, 0.0, 42);
        ModelSpec spec = ModelSpec.builder(64).dense(16, Activation.relu()).output(10, Activation.softmax(), Loss.sparseCategoricalCrossEntropy())
                .build();
        SimulatorCounters counters = Simulator.counters();
        int batches = (split.validation().size() + 63) / 64;
        try (CudaBackend cuda = new CudaBackend(CudaOptions.defaults()); Model model = Model.create(spec, cuda, 1)) {
            SimulatorCounters.Snapshot start = counters.snapshot();
            Evaluator.evaluate(model, split.validation(), 64);
            SimulatorCounters.Snapshot host = counters.snapshot().minus(start);
            SimulatorCounters.Snapshot middle = counters.snapshot();
            Evaluator.evaluateResident(model, split.validation(), 64);
            SimulatorCounters.Snapshot device = counters.snapshot().minus(middle);
            System.out.println("[cuda-sim] evaluation of " + split.validation().size() + " rows in " + batches + " batches: D2H copies "
                    + host.get("copies_d2h") + " counted on the host, " + device.get("copies_d2h") + " counted on the device");
            assertThat(host.get("copies_d2h")).as("host counting reads every batch's classes").isGreaterThanOrEqualTo(batches);
            assertThat(device.get("copies_d2h")).as("device counting: the matrix and the loss sum, whatever the batches").isEqualTo(2);
        }
    }
}
