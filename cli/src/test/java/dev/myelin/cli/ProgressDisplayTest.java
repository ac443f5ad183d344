package dev.myelin.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressDisplayTest {

    /** The lines a plain display (a line every 10 s) prints for {@code total} units of work, one every {@code nanosPerUnit}. */
    private static List<String> linesOf(String label, int total, long nanosPerUnit) {
        List<String> lines = new ArrayList<>();
        long[] now = {0};
        ProgressDisplay display = ProgressDisplay.plain(lines::add, () -> now[0], 10_000_000_000L);
        display.start(label);
        for (int done = 1; done <= total; done++) {
            now[0] += nanosPerUnit;
            display.progress(done, total);
        }
        return lines;
    }

    @Test
    void withoutATerminalLongWorkPrintsAPlainLineWithRateAndEtaEveryInterval() {
        // one parameter per second: a line every 10 parameters, none at the end
        List<String> lines = linesOf("gradient check, parameters", 100, 1_000_000_000L);
        assertThat(lines).hasSize(9);
        // after 10 s: 10 of 100 done at 1/s, 90 s to go
        assertThat(lines.get(0)).isEqualTo("  gradient check, parameters: 10/100 (10%), 1.0/s, ETA 90 s");
        assertThat(lines.get(8)).isEqualTo("  gradient check, parameters: 90/100 (90%), 1.0/s, ETA 10 s");
    }

    @Test
    void shortWorkPrintsNothingExtra() {
        assertThat(linesOf("epoch 1/1 batches", 50, 1_000_000L)).isEmpty();
    }
}
