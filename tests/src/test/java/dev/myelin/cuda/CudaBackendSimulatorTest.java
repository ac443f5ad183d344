package dev.myelin.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.BackendProvider;
import dev.myelin.backend.DType;
import dev.myelin.backend.DeviceManager;
import dev.myelin.backend.LossKind;
import dev.myelin.backend.LossSpec;
import dev.myelin.backend.Tensor;
import dev.myelin.cpu.CpuBackendProvider;
import dev.myelin.data.Dataset;
import dev.myelin.data.EmbeddedData;
import dev.myelin.data.Split;
import dev.myelin.data.Splits;
import dev.myelin.data.StandardScaler;
import dev.myelin.data.Synthetic;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.Adam;
import dev.myelin.sim.SimulatedDevice;
import dev.myelin.sim.Simulator;
import dev.myelin.sim.SimulatorCounters;
import dev.myelin.train.Callback;
import dev.myelin.train.Evaluator;
import dev.myelin.train.Trainer;
import dev.myelin.train.TrainingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CUDA backend's own behaviour on the simulated device: module loading path, memory, counters, selection. */
@SimulatedDevice
class CudaBackendSimulatorTest {

    private final SimulatorCounters counters = Simulator.counters();

    @Test
    void anSm75DeviceLoadsThePackagedSm75Cubin() {
        SimulatorCounters.Snapshot before = counters.snapshot();
        try (CudaBackend cuda = new CudaBackend(CudaOptions.defaults())) {
            assertThat(cuda.usesNvrtc()).isFalse();
            assertThat(cuda.kernelPath()).isEqualTo("CUBIN sm_75 (packaged)");
            assertThat(cuda.description()).contains("kernels: CUBIN sm_75 (packaged)").contains("float32").contains("TF32 off");
        }
        SimulatorCounters.Snapshot d = counters.snapshot().minus(before);
        assertThat(d.get("module_loads")).as("the 8 kernel files, as CUBINs").isEqualTo(8);
        assertThat(d.get("ptx_rejected")).isZero();
        assertThat(d.get("errors")).as("last: " + counters.lastError()).isZero();
        assertThat(d.get("unsupported_calls")).as("last: " + counters.lastUnsupported()).isZero();
        assertThat(counters.get("live_bytes")).isZero();
    }

    @ParameterizedTest(name = "driver {0}")
    @ValueSource(ints = {12000, 12010, 12020, 12030, 12040, 12050, 12060, 12070, 12080, 12090, 13000})
    void everyCuda12DriverLoadsThePackagedPtxWithoutNvrtcOnADeviceWithoutAPackagedCubin(int driver) {
        counters.setDriverVersion(driver);
        counters.setComputeCapability(87);
        try (CudaBackend cuda = new CudaBackend(CudaOptions.defaults())) {
            assertThat(cuda.usesNvrtc()).isFalse();
            assertThat(cuda.kernelPath()).isEqualTo("PTX ISA 7.8 (no packaged CUBIN for sm_87)");
            assertThat(cuda.description()).contains("sm_87").contains("kernels: PTX ISA 7.8");
        } finally {
            counters.setComputeCapability(0);
            counters.setDriverVersion(0);
        }
    }

    @Test
    void aDriverThatRefusesPtxIsa7_8SendsADeviceWithoutAPackagedCubinToNvrtc() {
        counters.setDriverVersion(11070);
        counters.setComputeCapability(87);
        SimulatorCounters.Snapshot before = counters.snapshot();
        try (CudaBackend cuda = new CudaBackend(CudaOptions.defaults())) {
            assertThat(cuda.usesNvrtc()).isTrue();
            assertThat(cuda.kernelPath()).isEqualTo("NVRTC → sm_87 CUBIN (no packaged CUBIN for sm_87; the driver refused PTX ISA 7.8)");
            SimulatorCounters.Snapshot d = counters.snapshot().minus(before);
            assertThat(d.get("ptx_rejected")).as("the 11.7 driver refused the ISA 7.8 PTX").isEqualTo(1);
            assertThat(d.get("module_loads")).as("the 8 kernel files, as NVRTC images").isEqualTo(8);
            assertThat(d.get("unsupported_calls")).as("last: " + counters.lastUnsupported()).isZero();
        } finally {
            counters.setComputeCapability(0);
            counters.setDriverVersion(0);
        }
        assertThat(counters.get("live_bytes")).isZero();
    }

    @Test
    void anSm86DeviceLoadsThePackagedSm86Cubin() {
        counters.setComputeCapability(86);
        try (CudaBackend cuda = new CudaBackend(CudaOptions.defaults())) {
            assertThat(cuda.kernelPath()).isEqualTo("CUBIN sm_86 (packaged)");
        } finally {
            counters.setComputeCapability(0);
        }
    }

    /** The digits, split 70/15/15 (seed 42) and standardised on the training part. */
    private static Split scaledDigits() {
        Split split = Splits.stratified(EmbeddedData.digits(), 0.70, 0.15, 0.15, 42);
        return new StandardScaler().fit(split.train()).transform(split);
    }

    /**
     * Kernel launches of one training step of {@link #digitsNetwork()} with Adam and clipping: 7 layers (dense, relu,
     * batch norm, dropout, dense, relu, dense) at most 3 launches each plus 3 for loss, clipping and optimiser made 24;
     * the two hidden dense layers' bias and ReLU are one launch forward and one backward (with the bias gradient), so 20.
     */
    private static final int LAUNCHES_PER_STEP = 3 * 7 + 3 - 2 * 2;

    /** 64-64-BN-dropout-32-10 with softmax and the sparse cross-entropy: every kind of launch a step makes. */
    private static ModelSpec digitsNetwork() {
        return ModelSpec.builder(64).dense(64, Activation.relu()).batchNorm().dropout(0.1).dense(32, Activation.relu())
                .output(10, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
    }

    /** Snapshots the simulator's counters after two batches of the second epoch (epoch 1): what the steps between did. */
    private final class StepWindow implements Callback {
        private final int firstBatch;
        private final int lastBatch;
        private final List<SimulatorCounters.Snapshot> marks = new ArrayList<>();

        StepWindow(int firstBatch, int lastBatch) {
            this.firstBatch = firstBatch;
            this.lastBatch = lastBatch;
        }

        @Override
        public void onBatchEnd(TrainingContext context, int epoch, int batch) {
            if (epoch == 1 && (batch == firstBatch || batch == lastBatch)) {
                marks.add(counters.snapshot());
            }
        }

        /** The counts of the steps after {@code firstBatch} up to and including {@code lastBatch}. */
        SimulatorCounters.Snapshot counted() {
            assertThat(marks).as("snapshots at batches %d and %d of epoch 1", firstBatch, lastBatch).hasSize(2);
            return marks.get(1).minus(marks.get(0));
        }
    }

    @Test
    void trainingAllocatesNothingAfterWarmUpAndCloseGivesEveryByteBack() {
        long liveAtStart = counters.get("live_bytes");
        Split scaled = scaledDigits();
        ModelSpec spec = digitsNetwork();
        StepWindow probe = new StepWindow(2, 12);
        double accuracy;
        try (CudaBackend cuda = new CudaBackend(CudaOptions.defaults()); Model model = Model.create(spec, cuda, 42)) {
            Trainer.builder().epochs(3).batchSize(32).seed(42).lossCheckInterval(50).optimizer(Adam.of(0.003)).clipByGlobalNorm(5)
                    .deviceResidentData(false).callback(probe).build().fit(model, scaled.train());
            accuracy = Evaluator.evaluate(model, scaled.test()).accuracy();
            SimulatorCounters.Snapshot tenSteps = probe.counted();
            System.out.println("[cuda-sim] 10 steady training steps (64-64-BN-dropout-32-10, Adam, clip, batch 32): allocations "
                    + tenSteps.get("allocations") + ", H2D copies " + tenSteps.get("copies_h2d") + ", D2H copies " + tenSteps.get("copies_d2h")
                    + ", launches " + tenSteps.get("launches") + ", cuBLAS calls " + tenSteps.get("cublas_calls") + ", memsets "
                    + tenSteps.get("memsets") + "; backend cuMemAlloc calls in all " + cuda.deviceAllocations() + ", live bytes "
                    + cuda.liveBytes() + "; test accuracy " + accuracy);
            assertThat(tenSteps.get("allocations")).as("cuMemAlloc in the steady state").isZero();
            assertThat(tenSteps.get("frees")).isZero();
            assertThat(tenSteps.get("cublas_calls")).as("3 GEMMs per dense layer per step, less the first layer's input gradient")
                    .isEqualTo(10 * 8);
            assertThat(tenSteps.get("copies_h2d")).as("one host-to-device copy per step (the batch)").isEqualTo(10);
            assertThat(tenSteps.get("launches")).as("kernel launches in 10 steps").isLessThanOrEqualTo(10 * LAUNCHES_PER_STEP);
            assertThat(tenSteps.get("copies_d2h")).as("only the trainer's loss check every 50 steps (step 50 falls in this window)")
                    .isLessThanOrEqualTo(1);
            assertThat(counters.get("live_bytes")).isGreaterThan(liveAtStart);
        }
        assertThat(accuracy).as("3 epochs on the digits").isGreaterThan(0.85);
        assertThat(counters.get("live_bytes")).as("live device bytes after close()").isEqualTo(liveAtStart);
        assertThat(counters.get("unsupported_calls")).as("last: " + counters.lastUnsupported()).isZero();
    }

    @Test
    void aDeviceResidentDataSetTrainsWithoutAnyHostCopyPerStep() {
        Split scaled = scaledDigits();
        ModelSpec spec = digitsNetwork();
        StepWindow probe = new StepWindow(12, 22); // steps 53..62: no loss check (every 50) and no epoch end
        try (CudaBackend cuda = new CudaBackend(CudaOptions.defaults()); Model model = Model.create(spec, cuda, 42)) {
            // defaults on a device backend: the data set goes to the device, the loss is read back every 50 steps
            Trainer.builder().epochs(2).batchSize(32).seed(42).optimizer(Adam.of(0.003)).callback(probe).build().fit(model, scaled.train());
            SimulatorCounters.Snapshot tenSteps = probe.counted();
            System.out.println("[cuda-sim] 10 steady steps, device-resident digits: H2D " + tenSteps.get("copies_h2d") + ", D2H "
                    + tenSteps.get("copies_d2h") + ", allocations " + tenSteps.get("allocations") + ", launches " + tenSteps.get("launches"));
            assertThat(tenSteps.get("copies_h2d")).as("host-to-device copies with the data set on the device").isZero();
            assertThat(tenSteps.get("copies_d2h")).as("device-to-host copies when no metric is read").isZero();
            assertThat(tenSteps.get("allocations")).isZero();
            assertThat(tenSteps.get("launches")).as("kernel launches in 10 steps").isLessThanOrEqualTo(10 * LAUNCHES_PER_STEP);
        }
        assertThat(counters.get("unsupported_calls")).isZero();
    }

    @Test
    void aKernelThatFaultsDuringTrainingEndsInAClearExceptionAndHoldsNoMemoryAfterClose() {
        long liveAtStart = counters.get("live_bytes");
        Dataset moons = Synthetic.twoMoons(200, 0.1, 1);
        ModelSpec spec = ModelSpec.builder(2).dense(16, Activation.relu()).output(2, Activation.softmax(), Loss.sparseCategoricalCrossEntropy())
                .build();
        CudaBackend cuda = new CudaBackend(CudaOptions.defaults());
        try (Model model = Model.create(spec, cuda, 1)) {
            counters.failLaunch(40); // somewhere in the second or third step
            Trainer trainer = Trainer.builder().epochs(1).batchSize(50).optimizer(Adam.of(0.01)).build();
            assertThatThrownBy(() -> trainer.fit(model, moons)).isInstanceOf(CudaException.class)
                    .hasMessageContaining("CUDA_ERROR_LAUNCH_FAILED")
                    .hasMessageContaining("close this backend and open a new one");
        } finally {
            counters.failLaunch(0);
            cuda.close();
        }
        assertThat(counters.get("live_bytes")).as("device bytes held after the failed backend is closed").isEqualTo(liveAtStart);
        try (CudaBackend fresh = new CudaBackend(CudaOptions.defaults()); Model model = Model.create(spec, fresh, 1)) {
            Trainer.builder().epochs(1).batchSize(50).optimizer(Adam.of(0.01)).build().fit(model, moons); // a new backend works again
        }
        assertThat(counters.get("live_bytes")).isEqualTo(liveAtStart);
    }

    @Test
    void aBadClassIndexIsFoundOnTheDeviceAndThrownAtTheNextReadWithoutAnyCopyOfTheLabels() {
        LossSpec sparse = new LossSpec(LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY, true, 0, 0);
        try (CudaBackend cuda = new CudaBackend(CudaOptions.defaults()); Tensor batch = cuda.allocate(1, 3 * 4 + 3);
             Tensor labels = cuda.allocate(5, 1); Tensor target = cuda.allocate(3, 1); Tensor lossSum = cuda.allocate(1, 1);
             Tensor grad = cuda.allocate(3, 4); Tensor gram = cuda.allocate(3, 3)) {
            Tensor output = cuda.view(batch, 0, 3, 4);
            Tensor inBatch = cuda.view(batch, 12, 3, 1);
            cuda.upload(new double[] {0.1, 0.2, 0.3, 0.4, 1, 0, 0, 0, -1, 2, 0.5, 0, 2, 0, 3}, 0, batch);
            SimulatorCounters.Snapshot before = counters.snapshot();
            cuda.gemm(false, true, 1, output, output, 0, gram);
            cuda.lossForward(sparse, output, inBatch, lossSum);
            cuda.lossBackward(sparse, output, inBatch, 1, grad);
            assertThat(counters.snapshot().minus(before).get("copies_d2h")).as("the loss calls copy nothing back").isZero();
            assertThat(cuda.readScalar(lossSum, 0)).as("good indices: a finite loss, no error").isFinite();

            cuda.fill(inBatch, 4);
            before = counters.snapshot();
            cuda.lossForward(sparse, output, inBatch, lossSum); // the kernel finds the bad index, the call returns
            assertThat(counters.snapshot().minus(before).get("copies_d2h")).as("a bad index: still no copy at the loss call").isZero();
            assertThatThrownBy(() -> cuda.readScalar(lossSum, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("row 0").hasMessageContaining("4.0").hasMessageContaining("[0, 3]");

            cuda.upload(new double[] {0, 1, 2, 9, 3}, 0, labels);
            cuda.gatherRows(labels, new int[] {4, 0, 2}, 0, target);
            cuda.fill(lossSum, 0);
            cuda.lossForward(sparse, output, target, lossSum);
            assertThat(cuda.readScalar(lossSum, 0)).as("the throw cleared the status word: good indices read again").isFinite();
            cuda.gatherRows(labels, new int[] {1, 3, 0}, 0, target);
            before = counters.snapshot();
            cuda.lossBackward(sparse, output, target, 1, grad);
            assertThat(counters.snapshot().minus(before).get("copies_d2h")).isZero();
            assertThatThrownBy(() -> cuda.download(grad, new double[12], 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("row 1").hasMessageContaining("9.0");
        }
        assertThat(counters.get("live_bytes")).isZero();
    }

    /**
     * A device row index that is no row of the source, and a maxout arg-max outside its group, are found by the
     * kernels that read them (the gathered row is NaN, the unit gets no gradient), recorded in the status word and
     * thrown with the CPU backend's message at the next read; the calls themselves copy nothing back.
     */
    @Test
    void aBadDeviceRowIndexOrMaxoutArgmaxIsFoundOnTheDeviceAndThrownAtTheNextRead() {
        try (CudaBackend cuda = new CudaBackend(CudaOptions.defaults()); Tensor src = cuda.allocate(5, 2);
             Tensor order = cuda.allocateInt32(1, 4); Tensor dst = cuda.allocate(3, 2); Tensor gradOut = cuda.allocate(2, 2);
             Tensor argmax = cuda.allocateInt32(2, 2); Tensor gradZ = cuda.allocate(2, 6)) {
            cuda.upload(new double[] {0, 1, 10, 11, 20, 21, 30, 31, 40, 41}, 0, src);
            cuda.upload(new int[] {4, 1, 7, -2}, 0, order);
            SimulatorCounters.Snapshot before = counters.snapshot();
            cuda.gatherRows(src, order, 0, dst);
            assertThat(counters.snapshot().minus(before).get("copies_d2h")).as("the gather copies nothing back").isZero();
            double[] gathered = new double[6];
            assertThatThrownBy(() -> cuda.download(dst, gathered, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("gatherRows: row index 7 at position 2 is not a row of src [5, 2]");
            cuda.download(dst, gathered, 0);
            assertThat(gathered).as("the throw cleared the word; the bad row is NaN").containsExactly(40, 41, 10, 11, Double.NaN, Double.NaN);
            cuda.gatherRows(src, order, 0, cuda.view(dst, 0, 2, 2));
            assertThat(cuda.readScalar(dst, 0)).as("good indices: no error").isEqualTo(40);

            cuda.upload(new double[] {1, 2, 3, 4}, 0, gradOut);
            cuda.upload(new int[] {2, 0, 1, 3}, 0, argmax);
            before = counters.snapshot();
            cuda.maxoutBackward(gradOut, argmax, 3, gradZ);
            assertThat(counters.snapshot().minus(before).get("copies_d2h")).as("maxout backward copies nothing back").isZero();
            assertThatThrownBy(() -> cuda.readScalar(gradZ, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxoutBackward: argmax[1, 1] = 3 is outside [0, 3)");
            double[] g = new double[12];
            cuda.download(gradZ, g, 0);
            assertThat(g).as("the bad unit routes no gradient").containsExactly(0, 0, 1, 2, 0, 0, 0, 3, 0, 0, 0, 0);
        }
        assertThat(counters.get("live_bytes")).isZero();
    }

    /** An INT32 tensor is a pooled device buffer like any other: counted in the live bytes and the device's free memory. */
    @Test
    void int32TensorsAreCountedInTheMemoryAccounting() {
        try (CudaBackend cuda = new CudaBackend(CudaOptions.defaults())) {
            long live = cuda.liveBytes();
            long free = cuda.freeMemoryBytes();
            Tensor counts = cuda.allocateInt32(1000, 1000);
            assertThat(cuda.liveBytes() - live).as("4,000,000 bytes in the 2^22 size class").isEqualTo(1L << 22);
            assertThat(free - cuda.freeMemoryBytes()).as("device memory taken").isEqualTo(1L << 22);
            cuda.fill(counts, 3);
            assertThat(cuda.readScalar(counts, 999_999)).isEqualTo(3);
            counts.close();
            assertThat(cuda.liveBytes()).as("released to the pool").isEqualTo(live);
        }
        assertThat(counters.get("live_bytes")).isZero();
    }

    @Test
    void theDeviceManagerPicksCudaAndSaysWhyAndHow() {
        List<BackendProvider> providers = List.of(new CpuBackendProvider(), new CudaBackendProvider());
        List<String> log = new ArrayList<>();
        DeviceManager.Selection s = new DeviceManager(providers, null, null).open(null, DType.FLOAT32, BackendOptions.defaults(), log::add);
        try (Backend backend = s.backend()) {
            assertThat(backend).isInstanceOf(CudaBackend.class);
            assertThat(s.explanation()).contains("cuda-f32").contains("first usable in priority order [cuda, cpu]")
                    .contains("CUBIN sm_75 (packaged)").contains("Simulated Device").contains("CUDA driver 12.6");
            assertThat(log).containsExactly(s.explanation());
        }
        DeviceManager.Selection f64 = new DeviceManager(providers, null, null).open(null, DType.FLOAT64, BackendOptions.defaults(), null);
        try (Backend backend = f64.backend()) {
            assertThat(backend.name()).isEqualTo("cpu-f64");
            assertThat(f64.explanation()).contains("passed over cuda").contains("float32 only");
        }
        assertThat(new CudaBackendProvider().probe().usable()).isTrue();
        assertThat(counters.get("live_bytes")).as("probing leaves nothing allocated").isZero();
    }

    @Test
    void runningOutOfDeviceMemoryNamesTheCauseAndTheFixAndHoldsNothing() {
        try (CudaBackend cuda = new CudaBackend(CudaOptions.defaults())) {
            long live = counters.get("live_bytes");
            assertThatThrownBy(() -> cuda.allocate(40_000, 40_000)).isInstanceOfSatisfying(CudaException.class, e -> {
                assertThat(e.isOutOfMemory()).isTrue();
                assertThat(e.errorName()).isEqualTo("CUDA_ERROR_OUT_OF_MEMORY");
                assertThat(e.getMessage()).contains("cuMemAlloc").contains("smaller batch");
            });
            assertThat(counters.get("live_bytes")).isEqualTo(live);
            try (Tensor t = cuda.allocate(2, 2)) {
                assertThat(cuda.readScalar(t, 3)).as("the backend still works").isZero();
            }
        }
        assertThat(counters.get("live_bytes")).isZero();
    }

    @Test
    void severalJavaThreadsCanShareOneBackend() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (CudaBackend cuda = new CudaBackend(CudaOptions.defaults())) {
            List<Future<double[]>> results = new ArrayList<>();
            for (int task = 0; task < 6; task++) {
                double v = task + 1;
                results.add(pool.submit(() -> {
                    try (Tensor a = cuda.allocate(4, 3); Tensor b = cuda.allocate(3, 2); Tensor c = cuda.allocate(4, 2)) {
                        cuda.fill(a, v);
                        cuda.fill(b, 2);
                        cuda.gemm(false, false, 1, a, b, 0, c);
                        double[] out = new double[8];
                        cuda.download(c, out, 0);
                        return out;
                    }
                }));
            }
            for (int task = 0; task < 6; task++) {
                assertThat(results.get(task).get()).containsOnly(6.0 * (task + 1));
            }
        } finally {
            pool.shutdown();
        }
        assertThat(counters.get("live_bytes")).isZero();
    }
}
