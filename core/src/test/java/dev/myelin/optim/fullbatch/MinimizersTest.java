package dev.myelin.optim.fullbatch;

import dev.myelin.util.MessageMatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MinimizersTest {

    @Test
    void namesGiveTheDefaultsAndSettingsOverrideThem() {
        assertThat(Minimizers.parse("lbfgs")).isEqualTo(Lbfgs.defaults());
        assertThat(Minimizers.parse("cg")).isEqualTo(NonlinearCg.defaults());
        assertThat(Minimizers.parse("L-BFGS:history=5,max_iter=200")).isEqualTo(Lbfgs.defaults().withHistorySize(5).withMaxIterations(200));
        assertThat(Minimizers.parse("lbfgs:max_iter=20,max_eval=30,tol_grad=1e-6,tol_change=0,lr=0.5"))
                .isEqualTo(new Lbfgs(10, 20, 30, 1e-6, 0, 0.5));
        assertThat(Minimizers.parse("cg:c2=0.05,restart=10,max_iter=40")).isEqualTo(new NonlinearCg(40, 100, 1e-7, 1e-9, 1, 0.05, 10));
        assertThat(Minimizers.parse("lbfgs:history=5").describe())
                .isEqualTo("lbfgs(history=5, max_iter=100, max_eval=125, tol_grad=1.0E-7, tol_change=1.0E-9, lr=1.0)");
    }

    /** Unknown names, keys and malformed values: the specification, whether the message is checked whole or by a part, and it. */
    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            newton            | WHOLE | unknown full-batch method 'newton' in 'newton'; known: lbfgs, cg
            cg:history=3      | PART  | cg has no setting 'history' (in 'cg:history=3'); it takes max_iter
            lbfgs:history=2.5 | WHOLE | lbfgs: history must be a whole number such as 10, got '2.5' in 'lbfgs:history=2.5'
            lbfgs:history=0   | WHOLE | L-BFGS history size must be >= 1, got 0
            cg:c2=1           | PART  | c2 must be in (1.0E-4, 1), got 1.0
            " "               | PART  | full-batch method specification is empty
            """)
    void rejectsUnknownNamesKeysAndMalformedValues(String specification, MessageMatch match, String message) {
        match.assertRejected(() -> Minimizers.parse(specification), message);
    }
}
