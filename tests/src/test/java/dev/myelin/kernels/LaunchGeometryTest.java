package dev.myelin.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.cuda.LaunchGeometry;
import org.junit.jupiter.api.Test;

/**
 * The launch geometry the CUDA backend and these tests read from {@code myelin_common.cuh} (no
 * device needed): the values the kernels' comments and the kernels README describe, and the
 * relations the kernels rely on.
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
}
