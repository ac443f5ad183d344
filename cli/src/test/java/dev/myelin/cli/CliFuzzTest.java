package dev.myelin.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Feeds {@value #RUNS} generated {@code myelin train} command lines (random options, values inside, at and beyond every
 * range, NaN, infinities, empty and huge values) to the command line in-process. Every run must end with exit 0 and a
 * finite result above chance, or with exit 1 or 2 and a {@code myelin: ...} message; never a stack trace, a hang or an
 * unexplained bad result. Small data sets, at most two epochs and few full-batch iterations keep it to about a minute.
 */
class CliFuzzTest {
    static final int RUNS = 1500;

    /** Candidate values per option: valid ones, boundaries, and invalid ones. */
    private static final Map<String, String[]> VALUES = new LinkedHashMap<>();

    static {
        VALUES.put("--data", new String[] {"iris", "moons", "circles", "xor", "linear", "spirals", "bogus", ""});
        VALUES.put("--hidden", new String[] {"8:relu", "16:tanh,8:relu", "none", "", "0", "-4:relu", "8:bogus", "100000,100000,100000", "8:relu,,4",
                "x", "12:elu"});
        VALUES.put("--epochs", new String[] {"1", "2", "0", "-1", "99999999999", "abc", "", "NaN"});
        VALUES.put("--batch-size", new String[] {"8", "32", "0", "-5", "100000", "1.5", "64"});
        VALUES.put("--optimizer", new String[] {"sgd", "adam", "adamw:wd=0.01", "rmsprop:centered", "cg:max_iter=5", "lbfgs:max_iter=5",
                "bogus", "adam:lr=-1", "sgd:momentum=1", "adam:beta1=nan", "", "nadam", "adagrad", "adadelta"});
        VALUES.put("--lr", new String[] {"0.01", "0.1", "100", "1e308", "-1", "0", "nan", "NaN", "inf", "-Infinity", "abc", "", "1e-300"});
        VALUES.put("--dropout", new String[] {"0", "0.2", "0.99", "1", "-0.1", "nan", "", "1e-9"});
        VALUES.put("--schedule", new String[] {"constant", "cosine:T=2", "step:s=1,gamma=0.5", "onecycle", "warmup:1+cosine:T=1",
                "plateau:factor=0.5,patience=1", "bogus", "cosine:T=-1", "", "exp:gamma=nan"});
        VALUES.put("--l1", new String[] {"0", "1e-4", "10", "-1", "nan", "1e308"});
        VALUES.put("--l2", new String[] {"0", "1e-4", "10", "-1", "inf"});
        VALUES.put("--l2-form", new String[] {"plain", "half-over-batch", "bogus"});
        VALUES.put("--clip-value", new String[] {"1", "0", "-1", "nan", "1e-300"});
        VALUES.put("--clip-norm", new String[] {"1", "0", "-1", "inf", "1e-300"});
        VALUES.put("--early-stopping", new String[] {"0", "1", "-1", "abc"});
        VALUES.put("--min-delta", new String[] {"0", "0.1", "-1", "nan"});
        VALUES.put("--augment", new String[] {"shift:1", "rotate:10,noise:0.5", "spin:3", "shift:x", "", "zoom:0.9-1.1"});
        VALUES.put("--normalize", new String[] {"standard", "pixel-standard", "minmax", "none", "bogus"});
        VALUES.put("--split", new String[] {"70/15/15", "80/10/10", "0.7/0.15/0.15", "a/b/c", "100/0/0", "50/50/0", "-10/60/50", "", "1/1/98"});
        VALUES.put("--seed", new String[] {"1", "-5", "abc", "99999999999999999999"});
        VALUES.put("--precision", new String[] {"f32", "f64", "f16"});
        VALUES.put("--loss", new String[] {"mse", "bce", "sparse_cce", "cce", "huber", "mae", "bogus"});
        VALUES.put("--threads", new String[] {"1", "2", "-1", "100000"});
        VALUES.put("--backend", new String[] {"cpu", "tpu"});
        VALUES.put("--batch-norm", null);
        VALUES.put("--monitor", null);
        VALUES.put("--bogus-option", null);
    }

    private static final Pattern ACCURACY = Pattern.compile("(test|validation) accuracy (\\S+) \\((\\d+) samples\\)");
    private static final Pattern CLASSES = Pattern.compile("features, (\\d+) classes");
    private static final Pattern R2 = Pattern.compile("R² (\\S+) \\(");

    @Test
    void thousandsOfGeneratedCommandLinesEndInAResultOrAMessage() {
        SplittableRandom rng = new SplittableRandom(20261201);
        List<String> keys = new ArrayList<>(VALUES.keySet());
        int ok = 0;
        int refused = 0;
        for (int i = 0; i < RUNS; i++) {
            List<String> args = new ArrayList<>(List.of("train", "--backend", "cpu", "--epochs", rng.nextBoolean() ? "1" : "2"));
            int extra = rng.nextInt(6);
            for (int k = 0; k < extra; k++) {
                String option = keys.get(rng.nextInt(keys.size()));
                args.add(option);
                String[] values = VALUES.get(option);
                if (values != null) {
                    args.add(values[rng.nextInt(values.length)]);
                }
            }
            String[] argv = args.toArray(String[]::new);
            CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRun.of(argv), () -> String.join(" ", argv));
            String what = "myelin " + String.join(" ", argv) + "\n" + run;
            assertThat(run.err()).as(what).doesNotContain("\tat ").doesNotContain("Exception");
            assertThat(run.exitCode()).as(what).isIn(0, 1, 2);
            if (run.exitCode() == 0) {
                checkSensible(run, what);
                ok++;
            } else {
                assertThat(run.err()).as(what).startsWith("myelin: ");
                refused++;
            }
        }
        assertThat(ok).as("runs that trained").isGreaterThan(RUNS / 20);
        assertThat(refused).as("runs that were refused").isGreaterThan(RUNS / 4);
    }

    /** Exit 0: the reported result is finite, a classifier beats chance (1/classes), a regression explains some variance. */
    private static void checkSensible(CliRun run, String what) {
        assertThat(run.out()).as(what).doesNotContain("NaN").doesNotContain("Infinity");
        Matcher accuracy = ACCURACY.matcher(run.out());
        if (accuracy.find()) {
            Matcher classes = CLASSES.matcher(run.out());
            assertThat(classes.find()).as(what).isTrue();
            assertThat(Double.parseDouble(accuracy.group(2))).as(what).isGreaterThan(1.0 / Integer.parseInt(classes.group(1)));
            return;
        }
        Matcher r2 = R2.matcher(run.out());
        assertThat(r2.find()).as(what).isTrue();
        assertThat(Double.parseDouble(r2.group(1))).as(what).isGreaterThan(0);
    }
}
