package dev.myelin.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressDisplayTest {

    @Test
    void withoutATerminalLongWorkPrintsAPlainLineWithRateAndEtaEveryInterval() {
        List<String> lines = new ArrayList<>();
        long[] now = {0};
        ProgressDisplay display = ProgressDisplay.plain(lines::add, () -> now[0], 10_000_000_000L);
        display.start("gradient check, parameters");
        for (int done = 1; done <= 100; done++) {
            now[0] += 1_000_000_000L; // one parameter per second: a line every 10 parameters, none at the end
            display.progress(done, 100);
        }
        assertThat(lines).hasSize(9);
        // after 10 s: 10 of 100 done at 1/s, 90 s to go
        assertThat(lines.get(0)).isEqualTo("  gradient check, parameters: 10/100 (10%), 1.0/s, ETA 90 s");
        assertThat(lines.get(8)).isEqualTo("  gradient check, parameters: 90/100 (90%), 1.0/s, ETA 10 s");
    }

    @Test
    void shortWorkPrintsNothingExtra() {
        List<String> lines = new ArrayList<>();
        long[] now = {0};
        ProgressDisplay display = ProgressDisplay.plain(lines::add, () -> now[0], 10_000_000_000L);
        display.start("epoch 1/1 batches");
        for (int done = 1; done <= 50; done++) {
            now[0] += 1_000_000L;
            display.progress(done, 50);
        }
        assertThat(lines).isEmpty();
    }
}
