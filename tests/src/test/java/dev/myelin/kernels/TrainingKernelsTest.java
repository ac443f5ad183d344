package dev.myelin.kernels;

import static dev.myelin.cuda.LaunchGeometry.elementGrid;
import static dev.myelin.cuda.LaunchGeometry.rowGrid;
import static dev.myelin.kernels.KernelHarness.assertClose;
import static dev.myelin.kernels.KernelHarness.random;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.Tensor;
import dev.myelin.sim.SimulatedDevice;
import java.util.Random;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;

/**
 * {@code training.cu} against the float64 CPU backend: the copy made only on a non-finite flag (every kind of flag,
 * sizes across several element blocks), and the confusion matrix counted with atomics from arg-maxes, from a threshold
 * on one output column, from class indices and from one-hot rows, with NaN outputs and labels that are no class. Both
 * exact: copies move values, counts are whole numbers.
 */
@SimulatedDevice
class TrainingKernelsTest extends KernelTestCase {

    @Test
    void copyIfNonFiniteCopiesExactlyWhenTheFlagIsNaNOrInfinite() {
        Random random = new Random(5);
        for (int n : new int[] {1, 3, 256, 1000}) {
            for (float flag : new float[] {0f, -3.5f, Float.MAX_VALUE, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                float[] src = random(random, n, -4, 4);
                float[] dst = random(random, n, -4, 4);
                Tensor expected = h.tensor(dst, 1, n);
                h.cpu.copyIfNonFinite(h.tensor(new float[] {flag}, 1, 1), h.tensor(src, 1, n), expected);
                CUdeviceptr d = h.upload(dst);
                h.launch1d(h.function("myelin_copy_if_non_finite"), elementGrid(n), h.upload(new float[] {flag}), h.upload(src), d, n);
                assertClose("flag " + flag + ", n " + n, h.download(d, n), h.values(expected), 0, 0);
            }
        }
    }

    @Test
    void copyIfNonFiniteTakesTheFlagItselfAsSource() {
        // the trainer's use: the gradient scale takes the loss sum's value when that is not finite
        for (float flag : new float[] {2.5f, Float.NaN, Float.NEGATIVE_INFINITY}) {
            CUdeviceptr f = h.upload(new float[] {flag});
            CUdeviceptr scale = h.upload(new float[] {0.75f});
            h.launch1d(h.function("myelin_copy_if_non_finite"), 1, f, f, scale, 1);
            Tensor expected = h.tensor(new float[] {0.75f}, 1, 1);
            Tensor cpuFlag = h.tensor(new float[] {flag}, 1, 1);
            h.cpu.copyIfNonFinite(cpuFlag, cpuFlag, expected);
            assertClose("scale after flag " + flag, h.download(scale, 1), h.values(expected), 0, 0);
        }
    }

    @Test
    void confusionCountsMatchFloat64ForEveryFormOfOutputAndLabel() {
        Random random = new Random(11);
        // rows, output columns, label columns (1: class index, k: one-hot), classes
        int[][] shapes = {{1, 3, 1, 3}, {37, 10, 1, 10}, {130, 45, 45, 45}, {64, 1, 1, 2}, {300, 4, 1, 6}, {9, 2, 2, 2}};
        for (int[] s : shapes) {
            int rows = s[0];
            int k = s[1];
            int tk = s[2];
            int classes = s[3];
            float[] o = random(random, rows * k, -3, 3);
            for (int i = 0; i < o.length; i += 7) {
                o[i] = Math.round(o[i]); // ties between columns: the first maximum wins
            }
            o[0] = Float.NaN; // a NaN first column wins the arg-max (and is no positive class)
            if (o.length > 5) {
                o[o.length - 2] = Float.NaN; // a later NaN is passed over
            }
            float[] labels = new float[rows * tk];
            for (int i = 0; i < rows; i++) {
                int c = random.nextInt(Math.min(classes, Math.max(k, 2)));
                if (tk == 1) {
                    labels[i] = c;
                } else {
                    labels[i * tk + c] = 1f;
                }
            }
            if (tk == 1 && rows > 3) {
                labels[1] = -1f; // no class: not counted
                labels[2] = classes;
                labels[3] = 0.5f;
            }
            String what = rows + "x" + k + " labels " + tk + " classes " + classes;
            float threshold = 0.25f;
            Tensor expected = h.cpu.allocateInt32(classes, classes);
            h.cpu.confusionCounts(h.tensor(o, rows, k), h.tensor(labels, rows, tk), threshold, expected);
            int[] before = new int[classes * classes];
            before[0] = (1 << 24) + 5; // counts accumulate, exactly past 2^24
            Tensor expectedTotal = h.int32Tensor(before, classes, classes);
            h.cpu.confusionCounts(h.tensor(o, rows, k), h.tensor(labels, rows, tk), threshold, expectedTotal);
            CUdeviceptr counts = h.upload(before);
            h.launch1d(h.function("myelin_confusion_counts"), rowGrid(rows), h.upload(o), h.upload(labels), rows, k, tk, threshold, counts,
                    classes);
            assertThat(h.downloadInts(counts, classes * classes)).as(what).containsExactly(h.ints(expectedTotal));
            long counted = 0;
            for (int v : h.ints(expected)) {
                counted += v;
            }
            if (tk == 1 && rows > 3) {
                assertThat(counted).as(what + ": rows with a label that is no class are left out")
                        .isEqualTo(rows - 3);
            } else {
                assertThat(counted).as(what).isEqualTo(rows);
            }
        }
    }
}
