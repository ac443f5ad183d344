package dev.myelin.optim;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionSpecTest {

    @Test
    void splitsNameSettingsAndFlagsWithAliasesAndBlanks() {
        OptionSpec s = OptionSpec.parse(" Cosine : T_Max = 100 , eta_min=1e-5, restarts ", Map.of("t_max", "period"), "schedule", "cosine:period=10");
        assertThat(s.name()).isEqualTo("cosine");
        assertThat(s.has("period")).isTrue();
        assertThat(s.integer("period", 1)).isEqualTo(100);
        assertThat(s.number("eta_min", 0)).isEqualTo(1e-5);
        assertThat(s.number("absent", 0.25)).isEqualTo(0.25);
        assertThat(s.flag("restarts")).isTrue();
        assertThat(s.flag("absent")).isFalse();
        s.accept("period", "eta_min", "restarts");
    }

    @Test
    void rejectsMalformedSpecifications() {
        assertThatThrownBy(() -> OptionSpec.parse(null, Map.of(), "schedule", "step:gamma=0.5")).hasMessage(
                "schedule specification is empty; expected name[:key=value,...], e.g. step:gamma=0.5");
        assertThatThrownBy(() -> OptionSpec.parse("step:gamma=0.5", Map.of(), "schedule", "").integer("gamma", 1))
                .hasMessage("step: gamma must be a whole number such as 1, got '0.5' in 'step:gamma=0.5'");
        assertThatThrownBy(() -> OptionSpec.parse("step:every=99999999999", Map.of(), "schedule", "").integer("every", 1))
                .hasMessageContaining("every must be a whole number");
        assertThatThrownBy(() -> OptionSpec.parse("step:gamma=", Map.of(), "schedule", "").number("gamma", 0.1))
                .hasMessage("step: gamma needs a value, e.g. gamma=0.1, in 'step:gamma='");
        assertThatThrownBy(() -> OptionSpec.parse("step:a=1,A=2", Map.of(), "schedule", "")).hasMessage("step: a is given twice in 'step:a=1,A=2'");
        assertThatThrownBy(() -> OptionSpec.parse("step:gamma=0.5", Map.of(), "schedule", "").accept("every"))
                .hasMessage("step has no setting 'gamma' (in 'step:gamma=0.5'); it takes every");
    }
}
