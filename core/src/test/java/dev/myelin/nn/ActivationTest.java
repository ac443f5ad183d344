package dev.myelin.nn;

import dev.myelin.backend.ActivationKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActivationTest {

    @Test
    void parsesNamesAndParameters() {
        assertThat(Activation.parse("leaky_relu")).isEqualTo(new Activation(ActivationKind.LEAKY_RELU, 0.01));
        assertThat(Activation.parse("leaky_relu:0.2").alpha()).isEqualTo(0.2);
        assertThat(Activation.parse("ELU").alpha()).isEqualTo(1.0);
        assertThat(Activation.parse("silu").kind()).isEqualTo(ActivationKind.SWISH);
        assertThat(Activation.parse("rectifier:-1")).isEqualTo(Activation.rectifier(-1));
        assertThat(Activation.parse(Activation.elu(0.5).toString())).isEqualTo(Activation.elu(0.5));
    }

    @Test
    void rejectsUnknownNamesAndBadParameters() {
        assertThatThrownBy(() -> Activation.parse("gelu")).hasMessageContaining("unknown activation 'gelu'");
        assertThatThrownBy(() -> Activation.parse("rectifier")).hasMessageContaining("needs its α");
        assertThatThrownBy(() -> Activation.elu(0)).hasMessageContaining("ELU α must be > 0");
        assertThatThrownBy(() -> Activation.leakyRelu(Double.NaN)).hasMessageContaining("finite");
    }
}
