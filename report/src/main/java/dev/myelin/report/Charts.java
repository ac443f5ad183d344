package dev.myelin.report;

import dev.myelin.train.ConfusionMatrix;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** The report's charts, drawn by XChart and exported as SVG elements ready to inline in HTML. Thread-safe. */
final class Charts {
    static final int WIDTH = 560;
    static final int HEIGHT = 340;
    private static final AtomicInteger NEXT_ID = new AtomicInteger();
    private static final java.util.regex.Pattern DECIMALS = java.util.regex.Pattern.compile("(\\d\\.\\d\\d)\\d+");

    private Charts() {
    }

    /** A line chart of {@code series} (name → y per x) against {@code x}; NaN values are left out; log y when asked and possible. */
    static String lines(String title, String xTitle, String yTitle, double[] x, Map<String, double[]> series, boolean logY) {
        XYChart chart = xy(title, xTitle, yTitle);
        boolean allPositive = true;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < x.length && i < e.getValue().length; i++) {
                if (Double.isFinite(e.getValue()[i])) {
                    xs.add(x[i]);
                    ys.add(e.getValue()[i]);
                    allPositive &= e.getValue()[i] > 0;
                }
            }
            if (!xs.isEmpty()) {
                XYSeries s = chart.addSeries(e.getKey(), xs, ys);
                s.setMarker(x.length > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            }
        }
        chart.getStyler().setYAxisLogarithmic(logY && allPositive && !chart.getSeriesMap().isEmpty());
        chart.getStyler().setLegendVisible(series.size() > 1);
        chart.getStyler().setXAxisTickMarkSpacingHint(x.length > 60 ? 90 : 40);
        return svg(chart);
    }

    /** A scatter plot of scores against one setting; {@code labels} names the x ticks of a categorical setting (else null). */
    static String scatter(String title, String xTitle, String yTitle, double[] x, double[] y, Function<Double, String> labels, boolean logX) {
        XYChart chart = xy(title, xTitle, yTitle);
        chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLogarithmic(logX);
        if (labels != null) {
            chart.setCustomXAxisTickLabelsFormatter(labels);
        }
        chart.addSeries("trials", x, y).setMarker(SeriesMarkers.CIRCLE);
        return svg(chart);
    }

    /** The confusion matrix as a heat map: actual class down, predicted class across, counts in the cells. */
    static String confusion(String title, ConfusionMatrix m) {
        int k = m.classes();
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(WIDTH - 60).title(title)
                .xAxisTitle("predicted class").yAxisTitle("actual class").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setRangeColors(new Color[] {new Color(0xf7fbff), new Color(0x6baed6), new Color(0x08306b)});
        chart.getStyler().setHeatMapValueDecimalPattern("#");
        List<Integer> classes = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            classes.add(c);
        }
        List<Number[]> cells = new ArrayList<>();
        for (int actual = 0; actual < k; actual++) {
            for (int predicted = 0; predicted < k; predicted++) {
                // y grows upwards: the first class goes on top, as in a printed matrix
                cells.add(new Number[] {predicted, k - 1 - actual, m.count(actual, predicted)});
            }
        }
        List<Integer> rows = new ArrayList<>();
        for (int c = k - 1; c >= 0; c--) {
            rows.add(c);
        }
        chart.addSeries("counts", classes, rows, cells);
        return svg(chart);
    }

    private static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        return chart;
    }

    /** The chart as one {@code <svg>} element, its ids made unique so that several charts can share a page. */
    static String svg(Chart<?, ?> chart) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, bytes, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw chart '" + chart.getTitle() + "': " + e.getMessage(), e);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        int start = text.indexOf("<svg");
        if (start < 0) {
            throw new IllegalStateException("the chart exporter wrote no <svg> element for '" + chart.getTitle() + "'");
        }
        String prefix = "c" + NEXT_ID.incrementAndGet() + "-";
        // XChart draws its text as glyph outlines: two decimals of a pixel keep them sharp at a fraction of the size
        return DECIMALS.matcher(text.substring(start).strip()).replaceAll("$1").replaceAll("id=\"([^\"]+)\"", "id=\"" + prefix + "$1\"")
                .replaceAll("url\\(#([^)]+)\\)", "url(#" + prefix + "$1)")
                .replaceAll("href=\"#([^\"]+)\"", "href=\"#" + prefix + "$1\"");
    }
}
