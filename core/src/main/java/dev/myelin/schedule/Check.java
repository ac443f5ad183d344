package dev.myelin.schedule;

/** Argument checks shared by the schedules; every message names the setting and the accepted range. */
final class Check {
    private Check() {
    }

    /** In (0, 1]. */
    static void unitFraction(String setting, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(setting + " must be in (0, 1], got " + v);
        }
    }

    /** In (0, 1). */
    static void openFraction(String setting, double v) {
        if (!(v > 0 && v < 1)) {
            throw new IllegalArgumentException(setting + " must be in (0, 1), got " + v);
        }
    }

    static void positive(String setting, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(setting + " must be a finite number > 0, got " + v);
        }
    }

    static void nonNegative(String setting, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(setting + " must be a finite number >= 0, got " + v);
        }
    }

    static void atLeastOne(String setting, long v) {
        if (v < 1) {
            throw new IllegalArgumentException(setting + " must be an integer >= 1, got " + v);
        }
    }

    static void per(String schedule, Per per) {
        if (per == null) {
            throw new IllegalArgumentException(schedule + " per must be EPOCH or STEP, got null");
        }
    }
}
