package dev.myelin.golden;

import dev.myelin.schedule.PlateauSettings;
import dev.myelin.schedule.PlateauSettings.Mode;
import dev.myelin.schedule.PlateauSettings.ThresholdMode;
import dev.myelin.schedule.ReduceOnPlateau;
import dev.myelin.schedule.Schedules;
import dev.myelin.testkit.GoldenFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

/**
 * Reduce-on-plateau against PyTorch 1.13's {@code ReduceLROnPlateau}: the golden file's metric
 * sequence (falling for 15 epochs, flat for 20, then noisy) is fed through {@code onEpochEnd} exactly
 * as the trainer would, and the rate of every epoch must match PyTorch's to 1e-12 relative.
 */
class SchedulePlateauGoldenTest {

    enum Case {
        TUNED("plateau", "val_loss", new PlateauSettings("val_loss", Mode.MIN, 0.5, 3, 1e-4, ThresholdMode.REL, 2, 0.002),
                "plateau:factor=0.5,patience=3,cooldown=2,min=0.002"),
        DEFAULTS("plateau_defaults", "val_loss", PlateauSettings.defaults(), "plateau"),
        MAX_ABS("plateau_max_abs", "val_accuracy",
                new PlateauSettings("val_accuracy", Mode.MAX, 0.2, 2, 0.01, ThresholdMode.ABS, 0, 0),
                "plateau:monitor=val_accuracy,mode=max,factor=0.2,patience=2,threshold=0.01,threshold_mode=abs");

        final String file;
        final String metric;
        final PlateauSettings settings;
        final String cli;

        Case(String name, String metric, PlateauSettings settings, String cli) {
            this.file = "schedule_" + name + ".txt";
            this.metric = metric;
            this.settings = settings;
            this.cli = cli;
        }
    }

    private static void replay(ReduceOnPlateau schedule, Case c) {
        GoldenFile golden = GoldenFile.load(c.file);
        double eta0 = golden.get("eta0")[0];
        double[] metric = golden.get("metric");
        double[] lr = golden.get("lr");
        schedule.onTrainStart(null);
        long step = 0;
        for (int epoch = 0; epoch < metric.length; epoch++) {
            for (int b = 0; b < 3; b++, step++) {
                ScheduleGoldenTest.assertRelativelyClose(schedule.rate(eta0, step, epoch), lr[epoch], c + " epoch " + epoch);
            }
            schedule.onEpochEnd(null, epoch, Map.of(c.metric, metric[epoch], "loss", 1.0, "lr", lr[epoch]));
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void matchesPyTorchForSixtyEpochs(Case c) {
        replay(new ReduceOnPlateau(c.settings), c);
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void commandLineFormMatchesPyTorchToo(Case c) {
        ReduceOnPlateau parsed = (ReduceOnPlateau) Schedules.parse(c.cli);
        org.assertj.core.api.Assertions.assertThat(parsed.settings()).isEqualTo(c.settings);
        replay(parsed, c);
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void aSecondRunStartsAfresh(Case c) {
        ReduceOnPlateau schedule = new ReduceOnPlateau(c.settings);
        replay(schedule, c);
        replay(schedule, c);
    }
}
