/**
 * The backend test kit: JUnit 5 interfaces by area that each backend module's tests implement. Its package is
 * exported and open, so JUnit can reach the kit's default test methods and parameter sources by reflection.
 */
@SuppressWarnings("requires-automatic")
open module dev.myelin.testkit {
    requires transitive dev.myelin.core;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires transitive org.assertj.core;
    requires commons.math3;

    exports dev.myelin.testkit;
}
