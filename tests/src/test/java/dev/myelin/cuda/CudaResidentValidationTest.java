package dev.myelin.cuda;

import dev.myelin.data.EmbeddedData;
import dev.myelin.data.Split;
import dev.myelin.data.Splits;
import dev.myelin.data.StandardScaler;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.Adam;
import dev.myelin.sim.SimulatedDevice;
import dev.myelin.sim.Simulator;
import dev.myelin.sim.SimulatorCounters;
import dev.myelin.train.Callback;
import dev.myelin.train.Trainer;
import dev.myelin.train.TrainingContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With the training set on the device, the validation set lives there too: an epoch's validation pass uploads nothing. */
@SimulatedDevice
class CudaResidentValidationTest {
    private final SimulatorCounters counters = Simulator.counters();

    @Test
    void anEpochsValidationPassCopiesNothingToTheDevice() {
        Split split = Splits.stratified(EmbeddedData.digits(), 0.70, 0.15, 0.15, 42);
        Split scaled = new StandardScaler().fit(split.train()).transform(split);
        ModelSpec spec = ModelSpec.builder(64).dense(32, Activation.relu()).output(10, Activation.softmax(), Loss.sparseCategoricalCrossEntropy())
                .build();
        int batchSize = 32;
        int batches = (scaled.train().size() + batchSize - 1) / batchSize;
        // the validation pass runs between the epoch's last step and the callbacks' onEpochEnd
        List<SimulatorCounters.Snapshot> lastStep = new ArrayList<>();
        List<SimulatorCounters.Snapshot> epochEnd = new ArrayList<>();
        Callback probe = new Callback() {
            @Override
            public void onBatchEnd(TrainingContext context, int epoch, int batch) {
                if (batch == batches - 1) {
                    lastStep.add(counters.snapshot());
                }
            }

            @Override
            public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
                epochEnd.add(counters.snapshot());
            }
        };
        try (CudaBackend cuda = new CudaBackend(CudaOptions.defaults()); Model model = Model.create(spec, cuda, 42)) {
            // defaults on a device backend: the training set goes to the device, and with it the validation set
            Trainer.builder().epochs(3).batchSize(batchSize).seed(42).optimizer(Adam.of(0.003)).callback(probe).build()
                    .fit(model, scaled.train(), scaled.validation());
            assertThat(epochEnd).hasSize(3);
            // validation batches of 256 rows: each reads back its predicted classes, then the epoch's sums and the validation loss
            int validationBatches = (scaled.validation().size() + 255) / 256;
            for (int epoch = 1; epoch < 3; epoch++) { // the first pass uploads the validation order once
                SimulatorCounters.Snapshot pass = epochEnd.get(epoch).minus(lastStep.get(epoch));
                System.out.println("[cuda-sim] validation pass of epoch " + (epoch + 1) + ": H2D " + pass.get("copies_h2d") + ", D2H "
                        + pass.get("copies_d2h") + ", allocations " + pass.get("allocations"));
                assertThat(pass.get("copies_h2d")).as("host-to-device copies in epoch %d's metrics", epoch + 1).isZero();
                assertThat(pass.get("copies_d2h")).as("device-to-host copies in epoch %d's metrics", epoch + 1)
                        .isLessThanOrEqualTo(validationBatches + 3L);
            }
        }
        assertThat(counters.get("unsupported_calls")).isZero();
    }
}
