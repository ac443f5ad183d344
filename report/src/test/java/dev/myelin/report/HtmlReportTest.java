package dev.myelin.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {

    private static long count(String text, String what) {
        return Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
    }

    @Test
    void trainingReportHasSixChartsAsInlineSvgAndNoExternalResources(@TempDir Path dir) throws Exception {
        TrainingRun run = ReportFixture.digitsRun();
        HtmlReport report = new HtmlReport("Digits").addTraining(run);
        Path file = report.write(dir);
        String html = Files.readString(file);
        Files.writeString(Path.of("target/training-report.html"), html);

        // loss, accuracy, learning rate, gradient norm, update ratio, confusion matrix
        assertThat(report.chartCount()).isEqualTo(6);
        assertThat(count(html, "<figure class=\"chart\"><svg")).isEqualTo(6);
        assertThat(count(html, "</svg></figure>")).isEqualTo(6);
        assertThat(html).doesNotContain("<script").doesNotContain("http://www.w3.org/1999/xlink\" href=\"http").doesNotContain("src=\"http");
        assertThat(html).contains("Overfitting").contains("test accuracy");
        assertThat(run.stepLearningRates()).hasSize(12 * ((int) Math.ceil(1257 / 32.0)));
        assertThat(file.getFileName().toString()).isEqualTo("report.html");
        assertThat(Files.list(dir)).containsExactly(file);   // no temporary file left behind
    }

    @Test
    void searchReportHasOneChartPerSettingAndARankingTable(@TempDir Path dir) throws Exception {
        HtmlReport report = new HtmlReport("Search").addSearch(ReportFixture.results(), ReportFixture.space());
        String html = Files.readString(report.write(dir));
        assertThat(report.chartCount()).isEqualTo(2);
        assertThat(count(html, "<tr class=")).isEqualTo(4);
        assertThat(html.indexOf("<td>1</td><td>1</td><td>complete</td><td>0.9700</td>")).isPositive();
        assertThat(html).contains("<tr class=\"diverged\"><td>–</td><td>3</td>");
    }
}
