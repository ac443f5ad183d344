package dev.myelin.sim;

import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static org.assertj.core.api.Assertions.assertThat;

import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Module loading: the PTX ISA gate that sends the CUDA backend to its NVRTC fallback, the
 * simulator image that fallback will load, and refusal of a CPU build that no longer matches.
 */
@SimulatedDevice(simulatorOnly = true)
class SimulatorModuleLoadingTest extends DeviceTestCase {

    SimulatorModuleLoadingTest() {
        super(null);
    }

    @AfterEach
    void resetDriverVersion() {
        Simulator.counters().setDriverVersion(0);
    }

    private static int load(byte[] image) {
        return cuModuleLoadData(new CUmodule(), image);
    }

    @Test
    void aCuda12_6DriverRejectsThePtxIsa9_0ThatNvcc13Writes() {
        Simulator.counters().setDriverVersion(12060);
        int[] version = new int[1];
        cuDriverGetVersion(version);
        assertThat(version[0]).isEqualTo(12060);
        long rejected = Simulator.counters().get("ptx_rejected");
        assertThat(load(Simulator.ptxImage("sim_pipeline"))).isEqualTo(CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION);
        assertThat(Simulator.counters().get("ptx_rejected")).isEqualTo(rejected + 1);
        assertThat(Simulator.counters().lastError()).contains("PTX ISA 9.0").contains("up to 8.5");
    }

    @Test
    void aCuda13DriverLoadsTheSamePtx() {
        Simulator.counters().setDriverVersion(13000);
        assertThat(load(Simulator.ptxImage("sim_pipeline"))).isEqualTo(CUresult.CUDA_SUCCESS);
    }

    @Test
    void aCuda12_8DriverAcceptsIsa8_7ButNot8_8() {
        String ptx = new String(Simulator.ptxImage("sim_pipeline"), java.nio.charset.StandardCharsets.UTF_8).replace("\0", "");
        Simulator.counters().setDriverVersion(12080);
        assertThat(load(Simulator.nulTerminated(ptx.replace(".version 9.0", ".version 8.7")))).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(load(Simulator.nulTerminated(ptx.replace(".version 9.0", ".version 8.8"))))
                .isEqualTo(CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION);
    }

    @Test
    void aSimulatorImageLoadsUnderAnyDriverVersion() {
        Simulator.counters().setDriverVersion(12060);
        String image = "//MYELIN-SIM-IMAGE 1\n.target sm_75\n.source sim_pipeline.cu\n.entry bias_relu 8 8 4 4\n";
        assertThat(load(Simulator.nulTerminated(image))).isEqualTo(CUresult.CUDA_SUCCESS);
    }

    @Test
    void aSimulatorImageForAnotherArchitectureHasNoBinaryForTheDevice() {
        String image = "//MYELIN-SIM-IMAGE 1\n.target sm_86\n.entry bias_relu 8 8 4 4\n";
        assertThat(load(Simulator.nulTerminated(image))).isEqualTo(CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU);
    }

    @Test
    void aCpuBuildWhoseParameterSizesDifferIsRefusedAsStale() {
        String image = "//MYELIN-SIM-IMAGE 1\n.target sm_75\n.entry bias_relu 8 8 4\n";
        assertThat(load(Simulator.nulTerminated(image))).isEqualTo(CUresult.CUDA_ERROR_INVALID_IMAGE);
        assertThat(Simulator.counters().lastError()).contains("stale CPU build of kernel bias_relu");
    }

    @Test
    void anEntryWithoutACpuBuildIsNotFound() {
        String image = "//MYELIN-SIM-IMAGE 1\n.target sm_75\n.entry never_built 8\n";
        assertThat(load(Simulator.nulTerminated(image))).isEqualTo(CUresult.CUDA_ERROR_NOT_FOUND);
    }

    private static byte[] packaged(String name) throws java.io.IOException {
        try (java.io.InputStream in = SimulatorModuleLoadingTest.class.getResourceAsStream("/dev/myelin/kernels/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void aPackagedCubinForTheDevicesArchitectureLoadsUnderAnyDriverVersionAndBindsItsEntries() throws Exception {
        Simulator.counters().setDriverVersion(11070);
        CUmodule module = new CUmodule();
        assertThat(cuModuleLoadData(module, packaged("sm_75/layers.cubin"))).isEqualTo(CUresult.CUDA_SUCCESS);
        jcuda.driver.CUfunction f = new jcuda.driver.CUfunction();
        assertThat(jcuda.driver.JCudaDriver.cuModuleGetFunction(f, module, "myelin_batch_norm_backward")).isEqualTo(CUresult.CUDA_SUCCESS);
    }

    @Test
    void aCubinForAnotherArchitectureHasNoBinaryForTheDevice() throws Exception {
        assertThat(load(packaged("sm_86/layers.cubin"))).isEqualTo(CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU);
        assertThat(Simulator.counters().lastError()).contains("CUBIN built for sm_86, device is sm_75");
        Simulator.counters().setComputeCapability(86);
        try {
            assertThat(load(packaged("sm_86/layers.cubin"))).isEqualTo(CUresult.CUDA_SUCCESS);
        } finally {
            Simulator.counters().setComputeCapability(0);
        }
    }

    @Test
    void anElfForAnotherMachineIsAnInvalidImage() {
        byte[] elf = new byte[64];
        System.arraycopy(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}, 0, elf, 0, 8);
        elf[18] = 62;  // EM_X86_64
        assertThat(load(elf)).isEqualTo(CUresult.CUDA_ERROR_INVALID_IMAGE);
        assertThat(Simulator.counters().lastError()).contains("is not NVIDIA CUDA");
    }

    @Test
    void theNvrtcHookDescribesASourcesCpuBuildAsAnImageThatLoadsAndRuns() throws Exception {
        Process p = new ProcessBuilder(Simulator.binary("image-hook-test").toString(),
                Simulator.directory().resolve("kernels").toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains(".entry bias_relu 8 8 4 4").contains("bias_relu ran");
    }

    @Test
    void theJitErrorLogSaysWhyPtxWasRefused() {
        Simulator.counters().setDriverVersion(12060);
        jcuda.driver.JITOptions options = new jcuda.driver.JITOptions();
        options.putBytes(jcuda.driver.CUjit_option.CU_JIT_ERROR_LOG_BUFFER, new byte[1024]);
        options.putInt(jcuda.driver.CUjit_option.CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES, 1024);
        int result = jcuda.driver.JCudaDriver.cuModuleLoadDataJIT(new CUmodule(),
                jcuda.Pointer.to(Simulator.ptxImage("sim_pipeline")), options);
        assertThat(result).isEqualTo(CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION);
        assertThat(options.getString(jcuda.driver.CUjit_option.CU_JIT_ERROR_LOG_BUFFER))
                .contains("PTX ISA 9.0 is newer than driver 12060 supports");
    }

    @Test
    void ptxPassedAsAJavaStringLoadsToo() {
        Simulator.counters().setDriverVersion(13000);
        String ptx = new String(Simulator.ptxImage("sim_pipeline"), java.nio.charset.StandardCharsets.UTF_8).replace("\0", "");
        assertThat(cuModuleLoadData(new CUmodule(), ptx)).isEqualTo(CUresult.CUDA_SUCCESS);
    }
}
