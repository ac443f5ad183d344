package dev.myelin.golden;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.cpu.CpuBackend;

/** Every activation and loss against PyTorch on the float64 CPU backend (the oracle), two threads. */
class CpuFloat64ActivationLossGoldenTest extends ActivationLossGolden {
    @Override
    protected Backend openBackend() {
        return new CpuBackend(DType.FLOAT64, new BackendOptions(2));
    }
}
