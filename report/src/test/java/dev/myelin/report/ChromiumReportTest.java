package dev.myelin.report;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens a search report in headless Chromium through {@code chromium.sh}: it loads with no console message (the page has
 * no script, so any message is an error such as a resource that failed to load), its DOM holds every chart as inline SVG,
 * and a screenshot is taken. Skipped without Chromium, except under {@code CI=true}, where it must be installed.
 */
class ChromiumReportTest {
    private static final Path SCRIPT = Path.of("chromium.sh").toAbsolutePath();

    @BeforeAll
    static void needsChromium() throws Exception {
        boolean present = run(List.of("bash", "-c", "command -v chromium || [ -n \"${MYELIN_CHROMIUM:-}\" ]"), null).exitCode == 0;
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true requires Debian's chromium for the report test: apt-get install chromium");
        }
        Assumptions.assumeTrue(present, "chromium is not installed");
    }

    record Result(int exitCode, String out, String err) {
        List<String> consoleLines() {
            return err.lines().filter(l -> l.contains(":CONSOLE")).toList();
        }
    }

    private static Result run(List<String> command, Path dir) throws IOException, InterruptedException {
        Path out = Files.createTempFile("chromium", ".out");
        Path err = Files.createTempFile("chromium", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("chromium did not finish within 120 s: " + command);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Result chromium(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        return run(command, null);
    }

    @Test
    void consoleMessagesOfAPageAreSeen(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.html");
        Files.writeString(bad, "<!DOCTYPE html><html><body><img src=\"missing.png\"><script>undefinedFunction();</script></body></html>");
        Result r = chromium("--dump-dom", bad.toString());
        assertThat(r.consoleLines()).anyMatch(l -> l.contains("undefinedFunction is not defined"));
    }

    @Test
    void searchReportLoadsWithoutConsoleMessagesAndShowsEveryChart(@TempDir Path dir) throws Exception {
        HtmlReport report = new HtmlReport("Myelin search on the digits").addSearch(ReportFixture.results(), ReportFixture.space())
                .addTraining(ReportFixture.digitsRun());
        assertThat(report.chartCount()).isEqualTo(2 + 6);   // a score chart per setting, six for the best run
        Path page = report.write(dir);

        Result dom = chromium("--dump-dom", page.toString());
        assertThat(dom.exitCode()).isZero();
        assertThat(dom.consoleLines()).isEmpty();
        assertThat(Pattern.compile("<figure class=\"chart\"><svg").matcher(dom.out()).results().count()).isEqualTo(8);
        assertThat(dom.out()).contains("<h3>Ranking</h3>");

        Path shot = Path.of("target/report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        Result screenshot = chromium("--screenshot=" + shot, "--window-size=1200,1600", page.toString());
        assertThat(screenshot.exitCode()).isZero();
        assertThat(screenshot.consoleLines()).isEmpty();
        byte[] png = Files.readAllBytes(shot);
        assertThat(png.length).isGreaterThan(20_000);
        assertThat(new String(png, 1, 3, StandardCharsets.ISO_8859_1)).isEqualTo("PNG");
    }
}
