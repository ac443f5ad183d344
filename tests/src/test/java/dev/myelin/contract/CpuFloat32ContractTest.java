package dev.myelin.contract;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.cpu.CpuBackend;

/** The backend contract for the CPU fallback: float32, two threads. */
class CpuFloat32ContractTest extends BackendContract {
    @Override
    protected Backend openBackend() {
        return new CpuBackend(DType.FLOAT32, new BackendOptions(2));
    }
}
