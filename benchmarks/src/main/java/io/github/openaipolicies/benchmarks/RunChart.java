package io.github.openaipolicies.benchmarks;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes the picture of a benchmark run as a PNG: one panel per row, stacked, on a shared time axis (seconds since the
 * row's start) and a shared count axis, each showing successful requests (upward) and 429 answers (downward) per
 * bucket ({@link RunTimeline}) and the quota as a dashed line in the same unit. Rendered headless with XChart.
 */
final class RunChart {
    /** The picture's width in pixels. */
    static final int WIDTH = 1200;
    /** The height of one panel in pixels. */
    static final int PANEL_HEIGHT = 260;

    private static final Color SUCCESS = new Color(0x2e, 0x7d, 0x32, 200);
    private static final Color THROTTLED = new Color(0xd3, 0x2f, 0x2f, 200);
    private static final Color QUOTA = new Color(0x1a, 0x23, 0x7e);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /**
     * One panel: a title and the run it shows.
     *
     * @param title the panel's title
     * @param timeline the run
     */
    record Panel(String title, RunTimeline timeline) {
        Panel {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(timeline, "timeline");
        }
    }

    /**
     * The quota drawn in every panel, in requests per bucket.
     *
     * @param perBucket requests per bucket
     * @param legend what the line is, for the legend
     */
    record QuotaLine(double perBucket, String legend) {
        QuotaLine {
            Objects.requireNonNull(legend, "legend");
        }
    }

    private RunChart() {
    }

    /**
     * Renders the panels, top to bottom, into one PNG of {@link #WIDTH} by {@code panels x} {@link #PANEL_HEIGHT}
     * pixels, creating the parent folder if needed.
     *
     * @param png where the picture goes
     * @param panels at least one panel
     * @param quota the quota line
     * @return {@code png}
     * @throws UncheckedIOException if the file cannot be written
     */
    static Path write(Path png, List<Panel> panels, QuotaLine quota) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("panels must not be empty");
        }
        int buckets = panels.stream().mapToInt(p -> p.timeline().buckets()).max().orElse(0);
        int peak = panels.stream().mapToInt(p -> p.timeline().peak()).max().orElse(0);
        double yMax = Math.ceil(Math.max(peak, quota.perBucket()) * 1.1);
        double seconds = Math.max(1, Math.ceil(panels.get(0).timeline().seconds(buckets)));
        BufferedImage image = new BufferedImage(WIDTH, PANEL_HEIGHT * panels.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            for (int i = 0; i < panels.size(); i++) {
                XYChart chart = chart(panels.get(i), buckets, seconds, yMax, quota);
                graphics.drawImage(BitmapEncoder.getBufferedImage(chart), 0, i * PANEL_HEIGHT, null);
            }
        } finally {
            graphics.dispose();
        }
        try {
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            ImageIO.write(image, "png", png.toFile());
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static XYChart chart(Panel panel, int buckets, double seconds, double yMax, QuotaLine quota) {
        RunTimeline timeline = panel.timeline();
        String unit = timeline.bucket().toMillis() + " ms";
        XYChart chart = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT).title(panel.title())
            .xAxisTitle("seconds since the row's start").yAxisTitle("2xx up, 429 down").build();
        XYStyler styler = chart.getStyler();
        styler.setXAxisMin(0.0).setXAxisMax(seconds).setYAxisMin(-yMax).setYAxisMax(yMax);
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setXAxisTickMarkSpacingHint(70);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS).setChartBackgroundColor(Color.WHITE)
            .setChartTitleBoxVisible(false).setLegendBorderColor(Color.WHITE);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        double[] x = new double[buckets + 1];
        double[] ok = new double[buckets + 1];
        double[] throttled = new double[buckets + 1];
        for (int i = 0; i <= buckets; i++) {
            x[i] = timeline.seconds(i);
            ok[i] = i < timeline.buckets() ? timeline.successes(i) : 0;
            throttled[i] = i < timeline.buckets() ? -timeline.throttled(i) : 0;
        }
        series(chart, "429 per " + unit + " (down)", x, throttled, THROTTLED);
        series(chart, "2xx per " + unit + " (up)", x, ok, SUCCESS);
        XYSeries line = chart.addSeries(quota.legend(), new double[] {0, seconds},
            new double[] {quota.perBucket(), quota.perBucket()});
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(QUOTA);
        line.setLineStyle(SeriesLines.DASH_DASH);
        return chart;
    }

    private static void series(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setFillColor(color);
    }
}
