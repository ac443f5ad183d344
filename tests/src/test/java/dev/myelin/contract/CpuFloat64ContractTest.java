package dev.myelin.contract;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.cpu.CpuBackend;

/** The backend contract for the CPU oracle: float64, two threads. */
class CpuFloat64ContractTest extends BackendContract {
    @Override
    protected Backend openBackend() {
        return new CpuBackend(DType.FLOAT64, new BackendOptions(2));
    }
}
