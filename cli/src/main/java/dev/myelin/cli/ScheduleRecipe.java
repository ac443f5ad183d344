package dev.myelin.cli;

import dev.myelin.schedule.Schedule;
import dev.myelin.schedule.Schedules;

/**
 * The value of {@code --schedule}: a learning-rate schedule as {@link Schedules} reads it ({@code warmup:3+cosine:T=27}),
 * built anew for each run ({@link #schedule}) because a schedule may hold one run's state (plateau). A one-cycle written
 * without its settings ({@code onecycle}, {@code warmup:2+onecycle}) runs over every step of the run: its steps are
 * filled in when the run's length is known. Every setting is checked when the text is read. Immutable.
 *
 * @param text the value as written
 */
record ScheduleRecipe(String text) {

    /** Reads {@code text}; an unknown name or key or a setting out of range is an {@link IllegalArgumentException}. */
    static ScheduleRecipe parse(String text) {
        ScheduleRecipe recipe = new ScheduleRecipe(text);
        recipe.schedule(1);   // every setting checked now, with any length of run
        return recipe;
    }

    /** Whether this is a bare one-cycle (alone or after a warm-up) whose steps are the run's. */
    boolean runsOverTheRun() {
        String t = text == null ? "" : text.trim();
        return t.equals("onecycle") || t.endsWith("+onecycle");
    }

    /** A new schedule for a run of {@code runSteps} optimiser steps (used only by a bare one-cycle). */
    Schedule schedule(long runSteps) {
        return Schedules.parse(runsOverTheRun() ? text.trim() + ":steps=" + runSteps : text);
    }

    /** The converter of {@code --schedule}. */
    static final class Converter extends OptionLanguage<ScheduleRecipe> {
        Converter() {
            super(ScheduleRecipe::parse);
        }
    }
}
