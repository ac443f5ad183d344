package dev.myelin.e2e;

import dev.myelin.data.Dataset;
import dev.myelin.data.Synthetic;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.Sgd;
import dev.myelin.train.DivergenceDetector;
import dev.myelin.train.History;
import dev.myelin.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API calls that used to fail deep inside, or silently, now fail at once with a message saying what happened. */
class NoSilentFailuresApiTest {
    @RegisterExtension
    static final OracleBackend cpu = new OracleBackend();

    @Test
    void aNetworkWhoseParameterCountOverflowsAnIntIsRefusedWithItsTrueSize() {
        // 50,000 · 50,000 weights alone are 2.5e9 > 2^31 − 1: the int count used to wrap and fail in a tensor view
        ModelSpec wide = ModelSpec.builder(10).dense(50_000, Activation.relu()).dense(50_000, Activation.relu())
                .output(2, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
        long expected = 10L * 50_000 + 50_000 + 50_000L * 50_000 + 50_000 + 50_000L * 2 + 2;
        assertThat(wide.parameterCount()).isEqualTo(expected);
        assertThatThrownBy(() -> Model.create(wide, cpu.get(), 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(String.format(java.util.Locale.ROOT, "model too large: %,d parameters (limit %,d, the largest flat buffer a Java array can hold);"
                        + " use narrower layers", expected, ModelSpec.MAX_PARAMETERS));
    }

    @Test
    void theSpecCountsTheSameParametersAsTheBuiltModelForEveryLayerKind() {
        ModelSpec spec = ModelSpec.builder(5).dense(6, Activation.relu()).batchNorm().layerNorm().prelu(0.25).maxout(4, 3)
                .residual(f -> f.dense(4, Activation.tanh()).dense(4, Activation.identity())).dropout(0.1)
                .output(3, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
        try (Model model = Model.create(spec, cpu.get(), 1)) {
            // dense 5·6+6, batch norm 2·6, layer norm 2·6, PReLU 6, maxout (6+1)·4·3, residual 2·(4·4+4), output 4·3+3
            assertThat(spec.parameterCount()).isEqualTo(36 + 12 + 12 + 6 + 84 + 40 + 15).isEqualTo(model.parameterCount());
        }
    }

    @Test
    void aClosedModelSaysItWasClosed() {
        ModelSpec spec = ModelSpec.builder(2).dense(4, Activation.relu()).output(2, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
        Model model = Model.create(spec, cpu.get(), 1);
        model.close();
        model.close(); // a second close does nothing
        assertThat(model.isClosed()).isTrue();
        assertThatThrownBy(() -> model.predict(new double[] {1, 2}, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("predict: this model was closed (its parameters are freed); create or load the model again");
        assertThatThrownBy(model::parametersToHost).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("parametersToHost: this model was closed");
        Dataset moons = Synthetic.twoMoons(32, 0.1, 1);
        assertThatThrownBy(() -> Trainer.builder().epochs(1).optimizer(Sgd.plain(0.1)).build().fit(model, moons))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("this model was closed");
    }

    @Test
    void aLossThatBecomesInfiniteIsRecordedAsDivergence() {
        Dataset linear = Synthetic.linear(200, 0.1, 1); // inputs up to 200 and targets up to 400, not normalised
        // linear hidden layers: no unit can die, so too large a step grows the weights geometrically until the loss overflows
        ModelSpec deep = ModelSpec.builder(1).dense(64, Activation.identity()).dense(32, Activation.identity())
                .output(1, Activation.identity(), Loss.meanSquaredError()).build();
        try (Model model = Model.create(deep, cpu.get(), 1)) {
            DivergenceDetector detector = DivergenceDetector.before(model, linear);
            History history = Trainer.builder().epochs(5).optimizer(Sgd.momentum(0.05, 0.9)).build().fit(model, linear);
            assertThat(history.lossBecameNonFinite()).isTrue();
            assertThat(detector.diagnose(history)).hasValueSatisfying(reason -> assertThat(reason).startsWith("training diverged: the loss became"));
        }
    }
}
