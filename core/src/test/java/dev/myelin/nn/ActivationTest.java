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
    void everyKindReadsBackItsOwnNameAndAliasesWithItsDefaultParameter() {
        for (ActivationKind kind : ActivationKind.values()) {
            boolean needsAlpha = kind.alpha().used() && !kind.alpha().hasDefault();
            Activation a = needsAlpha ? Activation.of(kind, 0.25) : Activation.of(kind);
            assertThat(Activation.parse(a.toString())).as(kind.id()).isEqualTo(a);
            if (!needsAlpha) {
                assertThat(Activation.parse(kind.id())).as("%s without α: its default", kind.id()).isEqualTo(a);
            }
            for (String alias : kind.aliases()) {
                assertThat(ActivationKind.fromName(alias.toUpperCase(java.util.Locale.ROOT))).isEqualTo(kind);
            }
        }
        assertThat(Activation.leakyRelu()).isEqualTo(Activation.of(ActivationKind.LEAKY_RELU, 0.01));
        assertThat(Activation.elu()).isEqualTo(Activation.of(ActivationKind.ELU, 1.0));
        assertThat(Activation.of(ActivationKind.SELU, 3.0).alpha()).isZero();
    }

    @Test
    void rejectsUnknownNamesAndBadParameters() {
        assertThatThrownBy(() -> Activation.parse("gelo")).hasMessageContaining("unknown activation 'gelo'")
                .hasMessageContaining("leaky_relu[:α]").hasMessageContaining("rectifier:α");
        assertThatThrownBy(() -> Activation.parse("selu:0.3")).hasMessageContaining("selu takes no parameter");
        assertThatThrownBy(() -> Activation.parse("rectifier")).hasMessageContaining("needs its α");
        assertThatThrownBy(() -> Activation.elu(0)).hasMessageContaining("ELU α must be > 0");
        assertThatThrownBy(() -> Activation.leakyRelu(Double.NaN)).hasMessageContaining("finite");
    }
}
