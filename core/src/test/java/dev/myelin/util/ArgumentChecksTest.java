package dev.myelin.util;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgumentChecksTest {

    @Test
    void atLeastABoundAcceptsTheBoundAndRejectsLessAndNonFiniteValues() {
        assertThatCode(() -> ArgumentChecks.atLeast("max", 1.2, 1.2)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ArgumentChecks.atLeast("max", 1.1, 1.2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max must be a finite number >= 1.2, got 1.1");
        assertThatThrownBy(() -> ArgumentChecks.atLeast("max", Double.POSITIVE_INFINITY, 1.2))
                .hasMessage("max must be a finite number >= 1.2, got Infinity");
        assertThatThrownBy(() -> ArgumentChecks.atLeast("max", Double.NaN, 1.2)).hasMessage("max must be a finite number >= 1.2, got NaN");
    }

    @Test
    void openClosedRangeExcludesItsLowEndAndIncludesItsHighEnd() {
        assertThatCode(() -> ArgumentChecks.inOpenClosedRange("sigma", 4, 0, 4)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ArgumentChecks.inOpenClosedRange("sigma", 0, 0, 4)).hasMessage("sigma must be in (0.0, 4.0], got 0.0");
        assertThatThrownBy(() -> ArgumentChecks.inOpenClosedRange("sigma", 4.5, 0, 4)).hasMessage("sigma must be in (0.0, 4.0], got 4.5");
        assertThatThrownBy(() -> ArgumentChecks.inOpenClosedRange("sigma", Double.NaN, 0, 4)).hasMessage("sigma must be in (0.0, 4.0], got NaN");
    }

    @Test
    void fillsShapeComparesTheCountWithTheProductOfTheDimensions() {
        assertThatCode(() -> ArgumentChecks.fillsShape("w", 6, 2, 3)).doesNotThrowAnyException();
        assertThatCode(() -> ArgumentChecks.fillsShape("scalar", 1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ArgumentChecks.fillsShape("w", 5, 2, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("w: 5 values do not fill shape [2, 3] (6 values)");
    }
}
