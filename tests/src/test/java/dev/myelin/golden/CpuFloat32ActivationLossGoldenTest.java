package dev.myelin.golden;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.cpu.CpuBackend;

/** Every activation and loss against PyTorch on the float32 CPU backend, two threads. */
class CpuFloat32ActivationLossGoldenTest extends ActivationLossGolden {
    @Override
    protected Backend openBackend() {
        return new CpuBackend(DType.FLOAT32, new BackendOptions(2));
    }
}
