package dev.myelin.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.LossKind;
import dev.myelin.backend.MomentumForm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged kernels, without a device: every {@code .cu} source is in the jar with its PTX
 * and its CUBINs, each PTX (ISA 7.8, compute_75) and each CUBIN declares exactly the
 * {@code extern "C"} entries of its source (so a source changed without running
 * build-kernels.py is caught even where NVRTC 11.8 is missing), and the enum codes of
 * {@code myelin_common.cuh} are the Java ordinals the backend will pass.
 */
class KernelSourcesTest {

    static final List<String> FILES = List.of("activations", "dropout", "elementwise", "layers", "losses", "optimizers", "reductions", "training");

    /** The architectures a CUBIN is packaged for. */
    static final List<Integer> CUBIN_ARCHITECTURES = List.of(75, 80, 86, 89, 90);

    private static String resource(String name) {
        return new String(resourceBytes(name), StandardCharsets.UTF_8);
    }

    private static byte[] resourceBytes(String name) {
        try (InputStream in = KernelSourcesTest.class.getResourceAsStream("/dev/myelin/kernels/" + name)) {
            assertThat(in).as("dev/myelin/kernels/" + name + " in the kernels jar").isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void theSourceDirectoryHoldsExactlyThePackagedKernelFiles() throws IOException {
        Path dir = Path.of("..", "kernels", "src", "main", "cuda");
        try (Stream<Path> files = Files.list(dir)) {
            Set<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cu"))
                    .map(n -> n.substring(0, n.length() - 3)).collect(Collectors.toCollection(TreeSet::new));
            assertThat(names).containsExactlyElementsOf(new TreeSet<>(FILES));
        }
    }

    @Test
    void everyPtxDeclaresExactlyTheExternCEntriesOfItsSourceForCompute75() {
        Pattern source = Pattern.compile("extern \"C\" __global__ void (\\w+)\\(");
        Pattern entry = Pattern.compile("\\.visible \\.entry (\\w+)\\(");
        int total = 0;
        for (String file : FILES) {
            String cu = resource(file + ".cu");
            String ptx = resource(file + ".ptx");
            Set<String> kernels = matches(source, cu);
            assertThat(kernels).as(file + ".cu kernels").isNotEmpty().allMatch(k -> k.startsWith("myelin_"));
            assertThat(matches(entry, ptx)).as(file + ".ptx entries (run kernels/build-kernels.py)").isEqualTo(kernels);
            assertThat(ptx).as("PTX ISA 7.8 loads on every driver from R520").contains("\n.version 7.8\n").contains(".target sm_75");
            total += kernels.size();
        }
        assertThat(total).as("kernel entries in all").isEqualTo(40);
        resource("philox.cuh");
        resource("myelin_common.cuh");
    }

    @Test
    void everyCubinIsACudaElfForItsArchitectureWithTheEntriesOfItsSource() {
        Pattern source = Pattern.compile("extern \"C\" __global__ void (\\w+)\\(");
        for (int arch : CUBIN_ARCHITECTURES) {
            for (String file : FILES) {
                String name = "sm_" + arch + "/" + file + ".cubin";
                ByteBuffer elf = ByteBuffer.wrap(resourceBytes(name)).order(ByteOrder.LITTLE_ENDIAN);
                assertThat(elf.getInt(0)).as(name + " ELF magic").isEqualTo(0x464c457f);
                assertThat(elf.getShort(18)).as(name + " e_machine: NVIDIA CUDA").isEqualTo((short) 190);
                assertThat(elf.getInt(48) & 0xff).as(name + " architecture in e_flags").isEqualTo(arch);
                String strings = new String(elf.array(), StandardCharsets.ISO_8859_1);
                for (String kernel : matches(source, resource(file + ".cu"))) {
                    assertThat(strings).as(name + " declares " + kernel + " (run kernels/build-kernels.py)").contains(".nv.info." + kernel + "\0");
                }
            }
        }
    }

    @Test
    void theEnumCodesOfTheCommonHeaderAreTheJavaOrdinals() {
        String header = resource("myelin_common.cuh");
        // an activation's code may also be defined in activations.cu, next to its formulas (the one kernel file it needs)
        String activationCodes = header + resource("activations.cu");
        for (ActivationKind k : ActivationKind.values()) {
            assertThat(activationCodes).contains("#define MYELIN_ACT_" + k.name() + " " + k.ordinal() + "\n");
        }
        for (LossKind k : LossKind.values()) {
            assertThat(header).contains("#define MYELIN_LOSS_" + k.name() + " " + k.ordinal() + "\n");
        }
        for (MomentumForm k : MomentumForm.values()) {
            assertThat(header).contains("#define MYELIN_MOMENTUM_" + k.name() + " " + k.ordinal() + "\n");
        }
    }
}
