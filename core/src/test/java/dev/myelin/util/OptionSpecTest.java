package dev.myelin.util;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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

    // One test per kind of mistake the shared reader reports, each message naming where, the bad token and what is accepted.

    @Test
    void nothingAfterTheSeparatorIsRefused() {
        assertThatThrownBy(() -> OptionSpec.parse("adam:", Map.of(), "optimizer", ""))
                .hasMessage("adam: nothing after ':' in 'adam:'; give key=value settings or drop the ':'");
        assertThatThrownBy(() -> OptionSpec.parseWithValues("cce, ", "loss", ""))
                .hasMessage("cce: nothing after ',' in 'cce, '; give key=value settings or drop the ','");
    }

    @Test
    void anEmptySettingIsRefused() {
        assertThatThrownBy(() -> OptionSpec.parse("adam:lr=1,,beta1=0.9", Map.of(), "optimizer", ""))
                .hasMessage("adam: empty setting in 'adam:lr=1,,beta1=0.9'; settings are key=value or a flag, separated by commas");
    }

    @Test
    void aValueThatIsNotANumberOrAFlagIsRefused() {
        assertThatThrownBy(() -> OptionSpec.parse("adam:lr=NaN", Map.of(), "optimizer", "").number("lr", 1e-3))
                .hasMessage("adam: lr must be a decimal number such as 0.9 or 1e-3, got 'NaN' in 'adam:lr=NaN'");
        assertThatThrownBy(() -> OptionSpec.parse("rmsprop:centered=1", Map.of(), "optimizer", "").flag("centered"))
                .hasMessage("rmsprop: centered is a flag: write centered or centered=true/false, got '1' in 'rmsprop:centered=1'");
    }

    @Test
    void aKeyWhereNoneIsTakenIsRefusedSayingSo() {
        assertThatThrownBy(() -> OptionSpec.parseWithValues("elu:alpha=1", "activation", "").accept())
                .hasMessage("elu has no setting 'alpha' (in 'elu:alpha=1'); it takes none");
    }

    @Test
    void positionalValuesAreReadInOrderAndCheckedAsNumbers() {
        OptionSpec huber = OptionSpec.parseWithValues(" Huber : 2 , smoothing=0.1 ", "loss", "");
        assertThat(huber.name()).isEqualTo("huber");
        assertThat(huber.positional()).containsExactly("2");
        assertThat(huber.number(0, "huber:δ")).isEqualTo(2.0);
        assertThat(huber.number("smoothing", 0)).isEqualTo(0.1);
        huber.accept("smoothing"); // a positional value is no key
        OptionSpec cce = OptionSpec.parseWithValues("cce,smoothing=0.2", "loss", "");
        assertThat(cce.name()).isEqualTo("cce");
        assertThat(cce.number("smoothing", 0)).isEqualTo(0.2);
        assertThatThrownBy(() -> OptionSpec.parseWithValues("huber:1,2", "loss", "").acceptPositional(1, "huber:δ"))
                .hasMessage("huber takes at most 1 value, got 'huber:1,2'; write huber:δ");
        assertThatThrownBy(() -> OptionSpec.parseWithValues("mse:1", "loss", "").acceptPositional(0, "mse"))
                .hasMessage("mse takes no value, got 'mse:1'; write mse");
    }

    @Test
    void listItemsAreSplitAtCommasThenColons() {
        List<OptionSpec> items = OptionSpec.list("--hidden", "128:relu, 32:Leaky_ReLU:0.2,none", "layer");
        assertThat(items).extracting(OptionSpec::name).containsExactly("128", "32", "none");
        assertThat(items.get(1).positional()).containsExactly("Leaky_ReLU", "0.2");
        assertThat(items.get(1).text()).isEqualTo("32:Leaky_ReLU:0.2");
        assertThat(items.get(2).positional()).isEmpty();
    }

    @Test
    void anEmptyListItemIsRefused() {
        assertThatThrownBy(() -> OptionSpec.list("--hidden", "64:relu,,32", "layer"))
                .hasMessage("--hidden '64:relu,,32' has an empty layer between commas; write each as name:value");
        assertThatThrownBy(() -> OptionSpec.list("--augment", "shift:1,", "augmentation"))
                .hasMessage("--augment 'shift:1,' has an empty augmentation between commas; write each as name:value");
    }

    @Test
    void anUnknownNameIsRefusedWithTheValidNames() {
        Map<String, Function<OptionSpec, String>> table = new LinkedHashMap<>();
        table.put("shift", s -> "shift");
        table.put("rotate", s -> "rotate");
        OptionSpec spin = OptionSpec.list("--augment", "shift:1,spin:3", "augmentation").get(1);
        assertThatThrownBy(() -> spin.build("augmentation", table))
                .hasMessage("unknown augmentation 'spin' in --augment shift:1,spin:3; valid: shift, rotate");
        assertThat(OptionSpec.list("--augment", "rotate:10", "augmentation").get(0).build("augmentation", table)).isEqualTo("rotate");
    }

    @Test
    void aMissingOrMalformedPositionalNumberIsRefusedWithTheForm() {
        OptionSpec elastic = OptionSpec.list("--augment", "elastic:34", "augmentation").get(0);
        assertThat(elastic.number(0, "elastic:ALPHA:SIGMA")).isEqualTo(34.0);
        assertThatThrownBy(() -> elastic.number(1, "elastic:ALPHA:SIGMA"))
                .hasMessage("--augment elastic:34: 'elastic:34' needs 2 numbers, written elastic:ALPHA:SIGMA");
        OptionSpec shift = OptionSpec.list("--augment", "shift:one", "augmentation").get(0);
        assertThatThrownBy(() -> shift.number(0, "shift:PIXELS"))
                .hasMessage("--augment shift:one: 'one' in 'shift:one' is not a number; write shift:PIXELS");
    }
}
