package dev.myelin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.Backend;
import dev.myelin.data.Dataset;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.train.Evaluation;
import dev.myelin.train.Evaluator;
import org.junit.jupiter.api.Test;

/**
 * A data set held on the device may have more than 2^24 rows: its rows are gathered through an INT32 index, which
 * names every row exactly (a float32 index rounds row 2^24 + 1 to 2^24 and 2^24 + 3 to 2^24 + 4). The two rows of class
 * 1 sit exactly where a float index would miss them.
 */
class ResidentRowsPastFloatRangeTest {
    private static final int ROWS = (1 << 24) + 6;
    private static final int[] CLASS_ONE_ROWS = {(1 << 24) + 1, (1 << 24) + 3};

    @Test
    void aResidentEvaluationPast2To24RowsSeesEveryRowAsTheHostOneDoes() {
        float[] features = new float[ROWS];
        int[] labels = new int[ROWS];
        for (int row : CLASS_ONE_ROWS) {
            features[row] = 1;
            labels[row] = 1;
        }
        Dataset data = Dataset.classificationFloat32("two rows past 2^24", features, 1, labels, 2);
        ModelSpec spec = ModelSpec.builder(1).output(2, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
        try (Backend f32 = Backends.cpu32(); Model model = Model.create(spec, f32, 5)) {
            Evaluation host = Evaluator.evaluate(model, data, 1 << 16);
            Evaluation resident = Evaluator.evaluateResident(model, data, 1 << 16);
            long classOne = resident.confusion().count(1, 0) + resident.confusion().count(1, 1);
            assertThat(classOne).as("samples of class 1 counted on the device").isEqualTo(2);
            assertThat(resident.confusion().total()).isEqualTo(ROWS);
            for (int actual = 0; actual < 2; actual++) {
                for (int predicted = 0; predicted < 2; predicted++) {
                    assertThat(resident.confusion().count(actual, predicted)).as("cell %d, %d", actual, predicted)
                            .isEqualTo(host.confusion().count(actual, predicted));
                }
            }
            assertThat(resident.loss()).as("the loss sums the same rows in the same order").isEqualTo(host.loss());
        }
    }
}
