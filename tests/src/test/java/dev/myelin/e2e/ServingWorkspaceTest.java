package dev.myelin.e2e;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.cpu.CpuBackendProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Serving with varying batch sizes holds one set of scratch buffers, sized for the largest batch, not one set per size. */
class ServingWorkspaceTest {

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void aThousandRandomBatchSizesKeepOneBufferSetSizedForTheLargest(DType dtype) {
        try (Backend backend = new CpuBackendProvider().open(dtype, new BackendOptions(2))) {
            ServingWorkspace.thousandRandomBatchSizesKeepOneBufferSet(backend);
        }
    }
}
