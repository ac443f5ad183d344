package dev.myelin.cuda;

import dev.myelin.cli.MyelinCli;
import dev.myelin.sim.SimulatedDevice;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code myelin train --backend cuda} on the simulated device: same accuracy band as the CPU, and it says which kernel path it took. */
@SimulatedDevice
class CudaCommandLineTest {

    private static String train(String backend) {
        CommandLine cli = MyelinCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("train", "--backend", backend);
        assertThat(code).as(out + "\n" + err).isZero();
        return out.toString();
    }

    private static double testAccuracy(String output) {
        Matcher m = Pattern.compile("test accuracy (\\d\\.\\d+) \\(270 samples\\)").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void trainOnCudaReachesTheCpuAccuracyBandOnTheDigits() {
        String cuda = train("cuda");
        String cpu = train("cpu");
        System.out.println("[cuda-sim] myelin train --backend cuda: test accuracy " + testAccuracy(cuda) + " (cpu " + testAccuracy(cpu) + ")");
        assertThat(cuda).contains("backend cuda-f32").contains("requested by --backend").containsPattern("kernels: (CUBIN sm_\\d+|PTX ISA 7.8|NVRTC)");
        assertThat(testAccuracy(cuda)).isGreaterThanOrEqualTo(0.95);
        assertThat(testAccuracy(cuda)).isCloseTo(testAccuracy(cpu), org.assertj.core.api.Assertions.within(0.02));
    }
}
