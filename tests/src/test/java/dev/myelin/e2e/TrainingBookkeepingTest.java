package dev.myelin.e2e;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import dev.myelin.cpu.CpuBackend;
import dev.myelin.cpu.CpuBackendProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The training bookkeeping on the CPU backend: a step whose loss is not finite applies no update and keeps no batch-norm
 * change whenever the loss is read, without a copy of the parameters; the confusion matrix counted by the backend equals
 * the one counted on the host.
 */
class TrainingBookkeepingTest {

    @ParameterizedTest(name = "cpu {0}")
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void aDivergedRunKeepsItsLastFiniteStepAndDeviceCountsEqualHostCounts(DType dtype) {
        try (Backend cpu = new CpuBackendProvider().open(dtype, new BackendOptions(2))) {
            DivergingRuns.assertADivergedRunKeepsTheLastFiniteStep(cpu);
            ResidentEvaluations.assertDeviceAndHostCountsAgree(cpu);
        }
    }

    @Test
    void bookkeepingOperationsRefuseOperandsThatDoNotFit() {
        try (Backend cpu = Backends.cpu64(); Tensor flag = cpu.allocate(1, 1); Tensor three = cpu.allocate(1, 3); Tensor four = cpu.allocate(2, 2);
             Tensor output = cpu.allocate(5, 3); Tensor labels = cpu.allocate(5, 2); Tensor counts = cpu.allocateInt32(2, 2)) {
            assertThatThrownBy(() -> cpu.copyIfNonFinite(flag, three, four)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("copyIfNonFinite: sizes must be equal, got [1, 3] and [2, 2]");
            assertThatThrownBy(() -> cpu.copyIfNonFinite(flag, flag, flag)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("copyIfNonFinite: dst must not overlap flag");
            assertThatThrownBy(() -> cpu.confusionCounts(output, labels, 0.5, counts)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("confusionCounts: labels must be [output.rows(), 1] (class index) or [output.rows(), output.cols()]");
            try (Tensor sparse = cpu.allocate(5, 1)) {
                assertThatThrownBy(() -> cpu.confusionCounts(output, sparse, 0.5, counts)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("confusionCounts: counts must be [classes, classes] with classes ≥ max(2, output.cols() = 3), got [2, 2]");
                assertThatThrownBy(() -> cpu.confusionCounts(output, sparse, 0.5, four)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("confusionCounts: counts " + four + " must be an INT32 tensor (made by allocateInt32)");
            }
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
