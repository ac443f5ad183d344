package dev.myelin.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.LossKind;
import dev.myelin.backend.MomentumForm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * The packaged kernels, without a device: every {@code .cu} source is in the jar with its PTX,
 * each PTX declares exactly the {@code extern "C"} entries of its source (so a source changed
 * without running build-ptx.sh is caught even where nvcc is missing), and the enum codes of
 * {@code myelin_common.cuh} are the Java ordinals the backend will pass.
 */
class KernelSourcesTest {

    static final List<String> FILES = List.of("activations", "dropout", "elementwise", "layers", "losses", "optimizers", "reductions");

    private static String resource(String name) {
        try (InputStream in = KernelSourcesTest.class.getResourceAsStream("/dev/myelin/kernels/" + name)) {
            assertThat(in).as("dev/myelin/kernels/" + name + " in the kernels jar").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
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
            assertThat(matches(entry, ptx)).as(file + ".ptx entries (run kernels/build-ptx.sh)").isEqualTo(kernels);
            assertThat(ptx).contains(".version 9.0").contains(".target sm_75");
            total += kernels.size();
        }
        assertThat(total).isEqualTo(36);
        resource("philox.cuh");
        resource("myelin_common.cuh");
    }

    @Test
    void theEnumCodesOfTheCommonHeaderAreTheJavaOrdinals() {
        String header = resource("myelin_common.cuh");
        for (ActivationKind k : ActivationKind.values()) {
            assertThat(header).contains("#define MYELIN_ACT_" + k.name() + " " + k.ordinal() + "\n");
        }
        for (LossKind k : LossKind.values()) {
            assertThat(header).contains("#define MYELIN_LOSS_" + k.name() + " " + k.ordinal() + "\n");
        }
        for (MomentumForm k : MomentumForm.values()) {
            assertThat(header).contains("#define MYELIN_MOMENTUM_" + k.name() + " " + k.ordinal() + "\n");
        }
    }
}
