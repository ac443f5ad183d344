package dev.myelin.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.cuda.LaunchGeometry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The launch geometry the CUDA backend and these tests read from {@code myelin_common.cuh} (no
 * device needed): the values the kernels' comments and the kernels README describe, the relations
 * the kernels rely on, the grid rules every launcher uses, and that the packaged kernels were
 * compiled with the same numbers the Java side launches with.
 */
class LaunchGeometryTest {

    private static final int WARP = 32;

    @Test
    void theHeaderDefinesTheDocumentedGeometry() {
        assertThat(LaunchGeometry.BLOCK).isEqualTo(256);
        assertThat(LaunchGeometry.MAX_ELEMENT_GRID).isEqualTo(4096);
        assertThat(LaunchGeometry.ROWS_PER_BLOCK).isEqualTo(8);
        assertThat(LaunchGeometry.COL_X).isEqualTo(32);
        assertThat(LaunchGeometry.COL_Y).isEqualTo(8);
        assertThat(LaunchGeometry.REDUCE_MAX_BLOCKS).isEqualTo(1024);
    }

    @Test
    void theShapesFitTheKernelsAssumptions() {
        // Row kernels: one warp per row, so a block of BLOCK threads holds BLOCK / 32 rows.
        assertThat(LaunchGeometry.BLOCK % WARP).isZero();
        assertThat(LaunchGeometry.ROWS_PER_BLOCK).isEqualTo(LaunchGeometry.BLOCK / WARP);
        // Column kernels: threadIdx.x is a lane of one warp, and the block is at most 1024 threads.
        assertThat(LaunchGeometry.COL_X).isEqualTo(WARP);
        assertThat(LaunchGeometry.COL_X * LaunchGeometry.COL_Y).isLessThanOrEqualTo(1024);
        // The final pass of a reduction adds REDUCE_MAX_BLOCKS partials with one block of BLOCK threads.
        assertThat(LaunchGeometry.REDUCE_MAX_BLOCKS).isLessThanOrEqualTo(LaunchGeometry.BLOCK * LaunchGeometry.BLOCK);
    }

    @Test
    void theGridRulesCoverEveryElementRowAndColumnOnce() {
        int block = LaunchGeometry.BLOCK;
        assertThat(LaunchGeometry.elementGrid(0)).isEqualTo(1);
        assertThat(LaunchGeometry.elementGrid(block)).isEqualTo(1);
        assertThat(LaunchGeometry.elementGrid(block + 1)).isEqualTo(2);
        assertThat(LaunchGeometry.elementGrid(1L << 40)).as("grid-stride beyond the cap").isEqualTo(LaunchGeometry.MAX_ELEMENT_GRID);
        assertThat(LaunchGeometry.dropoutGrid(4L * block)).isEqualTo(1);
        assertThat(LaunchGeometry.dropoutGrid(4L * block + 1)).as("one thread per 4 elements").isEqualTo(2);
        assertThat(LaunchGeometry.rowGrid(LaunchGeometry.ROWS_PER_BLOCK + 1)).isEqualTo(2);
        assertThat(LaunchGeometry.columnGrid(LaunchGeometry.COL_X + 1)).isEqualTo(2);
        assertThat(LaunchGeometry.reduceGrid(1L << 40)).isEqualTo(LaunchGeometry.REDUCE_MAX_BLOCKS);
    }

    /**
     * The packaged PTX was compiled from the header the Java side reads: the shared scratch of every
     * column kernel holds COL_Y × (COL_X + 1) doubles, and the block sum of the single-block loss
     * has room for one double per warp of a BLOCK-thread block. A header changed without rebuilding
     * the kernels, or a kernel that hard-codes other numbers, fails here.
     */
    @Test
    void thePackagedKernelsWereCompiledWithTheseNumbers() throws IOException {
        Pattern scratch = Pattern.compile("\\.shared \\.align 8 \\.b8 _ZZ\\d+(myelin_\\w+?)E7scratch\\[(\\d+)\\]");
        Map<String, Integer> bytes = new LinkedHashMap<>();
        for (String file : new String[] {"activations", "layers", "losses", "reductions"}) {
            Matcher m = scratch.matcher(packagedPtx(file));
            while (m.find()) {
                bytes.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        int column = LaunchGeometry.COL_Y * (LaunchGeometry.COL_X + 1) * Double.BYTES;
        for (String kernel : new String[] {"myelin_batch_norm_forward_training", "myelin_batch_norm_backward",
            "myelin_layer_norm_backward_params", "myelin_prelu_backward", "myelin_column_sums", "myelin_activation_backward_column_sums"}) {
            assertThat(bytes).as("shared scratch of " + kernel).containsEntry(kernel, column);
        }
        assertThat(bytes.get("myelin_loss_forward")).as("block sum scratch: one double per warp")
                .isGreaterThanOrEqualTo(LaunchGeometry.BLOCK / WARP * Double.BYTES);
    }

    private static String packagedPtx(String file) throws IOException {
        try (InputStream in = LaunchGeometryTest.class.getResourceAsStream("/dev/myelin/kernels/" + file + ".ptx")) {
            assertThat(in).as(file + ".ptx in the kernels jar").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
