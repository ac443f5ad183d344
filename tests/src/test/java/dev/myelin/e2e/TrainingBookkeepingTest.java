package dev.myelin.e2e;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.cpu.CpuBackend;
import dev.myelin.cpu.CpuBackendProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The training bookkeeping on the CPU backend: a step whose loss is not finite applies no update and keeps no batch-norm
 * change whenever the loss is read, without a copy of the parameters; the confusion matrix counted by the backend equals
 * the one counted on the host.
 */
class TrainingBookkeepingTest {

    @ParameterizedTest(name = "cpu {0}")
    @EnumSource(DType.class)
    void aDivergedRunKeepsItsLastFiniteStepAndDeviceCountsEqualHostCounts(DType dtype) {
        try (Backend cpu = new CpuBackendProvider().open(dtype, new BackendOptions(2))) {
            DivergingRuns.assertADivergedRunKeepsTheLastFiniteStep(cpu);
            ResidentEvaluations.assertDeviceAndHostCountsAgree(cpu);
        }
    }

    @Test
    void aRunAllocatesNoParameterSizedBufferAndValidatesAlikeWithResidentData() {
        try (CpuBackend f64 = (CpuBackend) Backends.cpu64()) {
            DivergingRuns.assertARunAllocatesNoParameterSizedBuffer(f64, f64::liveBytes);
            ResidentEvaluations.assertResidentAndHostValidationAgree(f64);
        }
    }
}
