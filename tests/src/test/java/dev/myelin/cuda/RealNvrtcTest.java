package dev.myelin.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcuda.nvrtc.JNvrtc;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CUDA backend's own NVRTC code path ({@link KernelModules#compile}, JCuda's JNvrtc) compiling every
 * packaged kernel source with the real NVRTC 11.8 (Debian's libnvrtc11.2), not the simulator's stand-in:
 * the surefire execution {@code real-nvrtc} puts only a {@code libnvrtc.so.12} that forwards to
 * {@code libnvrtc.so.11.2} on the loader path ({@code src/test/native/real-nvrtc/build.sh}). The PTX must be
 * ISA 7.8 for sm_75 with exactly the packaged PTX's entries and assemble with {@code ptxas} for sm_75 and
 * sm_90; each CUBIN must be a CUDA ELF for its architecture declaring every entry. Skipped with the reason
 * where that NVRTC is not installed, except under {@code CI=true}, where that is a failure.
 */
@Tag("real-nvrtc")
class RealNvrtcTest {

    private static final Pattern ENTRY = Pattern.compile("\\.visible \\.entry (\\w+)\\(");

    @BeforeAll
    static void realNvrtcInstalled() throws IOException {
        Path dir = Path.of(System.getProperty("myelin.real-nvrtc.dir", "target/real-nvrtc"));
        Path marker = dir.resolve("UNAVAILABLE");
        String reason = Files.exists(marker) ? Files.readString(marker).strip()
                : Files.exists(dir.resolve("lib/libnvrtc.so.12")) ? null : "the forwarder was not built (no " + dir.resolve("lib/libnvrtc.so.12") + ")";
        if (reason != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true requires the real-NVRTC test, but " + reason);
        }
        Assumptions.assumeTrue(reason == null, () -> "real NVRTC 11.8 unavailable: " + reason);
    }

    static Iterable<String> files() {
        return KernelModules.FILES;
    }

    private static Set<String> entries(String ptx) {
        Set<String> found = new TreeSet<>();
        Matcher m = ENTRY.matcher(ptx);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @ParameterizedTest(name = "{0}.cu")
    @MethodSource("files")
    void theBackendsNvrtcPathCompilesTheSourceToPtxIsa7_8ThatPtxasAssemblesForSm75AndSm90(String file, @TempDir Path dir)
            throws Exception {
        int[] major = new int[1];
        int[] minor = new int[1];
        JNvrtc.nvrtcVersion(major, minor);
        assertThat(major[0] + "." + minor[0]).as("the NVRTC on the loader path").isEqualTo("11.8");

        byte[] image = KernelModules.compile(file, "compute_75");
        String ptx = new String(image, 0, image.length - 1, StandardCharsets.UTF_8);
        assertThat(ptx).contains("\n.version 7.8\n").contains("\n.target sm_75\n");
        Set<String> packaged = entries(KernelModules.resourceText(file + ".ptx"));
        assertThat(entries(ptx)).as("entries of " + file + ".cu").isNotEmpty().isEqualTo(packaged);

        Path source = dir.resolve(file + ".ptx");
        Files.writeString(source, ptx);
        Assumptions.assumeTrue(onPath("ptxas"), "ptxas (nvcc's toolkit) is not on PATH: PTX assembly not checked");
        for (String arch : new String[] {"sm_75", "sm_90"}) {
            Process p = new ProcessBuilder("ptxas", "-arch=" + arch, "-o", dir.resolve(arch + ".cubin").toString(), source.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("ptxas -arch=" + arch + " " + file + ".ptx: " + out).isZero();
        }
    }

    @ParameterizedTest(name = "{0}.cu")
    @MethodSource("files")
    void theBackendsNvrtcPathCompilesTheSourceToACubinForSm75AndSm90DeclaringEveryEntry(String file) {
        Set<String> packaged = entries(KernelModules.resourceText(file + ".ptx"));
        for (int arch : new int[] {75, 90}) {
            byte[] cubin = KernelModules.compile(file, "sm_" + arch);
            ByteBuffer elf = ByteBuffer.wrap(cubin).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(elf.getInt(0)).as("ELF magic").isEqualTo(0x464c457f);
            assertThat(elf.getShort(18)).as("e_machine: NVIDIA CUDA").isEqualTo((short) 190);
            assertThat(elf.getInt(48) & 0xff).as("architecture in e_flags").isEqualTo(arch);
            String strings = new String(cubin, StandardCharsets.ISO_8859_1);
            for (String entry : packaged) {
                assertThat(strings).as(file + " sm_" + arch + " declares " + entry).contains(".nv.info." + entry + "\0");
            }
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
