package io.github.invertible.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** XChart line/marker plots saved as PNG (headless). */
public final class LinePlots {

    /** How a series is drawn. */
    public enum Style { LINE, MARKERS, LINE_AND_MARKERS, DASHED_LINE, DASHED_LINE_AND_MARKERS }

    /** One named curve; a null color lets XChart choose. */
    public record Series(String name, double[] x, double[] y, Style style, Color color) {
        public Series(String name, double[] x, double[] y, Style style) {
            this(name, x, y, style, null);
        }
    }

    private static BasicStroke dashed() {
        return new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f);
    }

    private static BasicStroke solid() {
        return new BasicStroke(2f);
    }

    private LinePlots() {
    }

    public static XYChart chart(String title, String xLabel, String yLabel, List<Series> series) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setMarkerSize(6);
        // thin solid light grid lines: XChart's default dashed ones crowd a log axis (a line at every minor tick)
        chart.getStyler().setPlotGridLinesStroke(new BasicStroke(0.6f));
        chart.getStyler().setPlotGridLinesColor(new Color(228, 228, 228));
        for (Series s : series) {
            XYSeries xy = chart.addSeries(s.name(), s.x(), s.y());
            switch (s.style()) {
                case LINE -> {
                    xy.setMarker(SeriesMarkers.NONE);
                    xy.setLineStyle(solid());
                }
                case DASHED_LINE -> {
                    xy.setMarker(SeriesMarkers.NONE);
                    xy.setLineStyle(dashed());
                }
                case DASHED_LINE_AND_MARKERS -> {
                    xy.setMarker(SeriesMarkers.TRIANGLE_UP);
                    xy.setLineStyle(dashed());
                }
                case MARKERS -> xy.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                case LINE_AND_MARKERS -> {
                    xy.setMarker(SeriesMarkers.CIRCLE);
                    xy.setLineStyle(solid()); // XChart's theme would give every seventh series a dotted line
                }
            }
            if (s.color() != null) {
                xy.setLineColor(s.color());
                xy.setMarkerColor(s.color());
            }
        }
        return chart;
    }

    /**
     * A logarithmic y axis. XChart labels only the powers of ten by default, so data within one or two decades
     * (e.g. 0.57 to 9.6) showed a single label; below {@link #DECADES_FOR_DECADE_LABELS} decades every tick is
     * labelled (1, 2, ..., 9 times a power of ten).
     */
    public static XYChart logY(XYChart chart) {
        boolean decadesOnly = decades(chart, false) >= DECADES_FOR_DECADE_LABELS;
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmicDecadeOnly(decadesOnly);
        // XChart draws a horizontal grid line at every minor tick (1..9 per decade) even when only the decades are
        // labelled: over many decades that is a dense band of lines, so such a panel keeps the tick labels only
        chart.getStyler().setPlotGridHorizontalLinesVisible(!decadesOnly);
        return chart;
    }

    /** A logarithmic x axis, labelled as {@link #logY}. */
    public static XYChart logX(XYChart chart) {
        boolean decadesOnly = decades(chart, true) >= DECADES_FOR_DECADE_LABELS;
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmicDecadeOnly(decadesOnly);
        chart.getStyler().setPlotGridVerticalLinesVisible(!decadesOnly);
        return chart;
    }

    /**
     * Ten well-separated colours (the "Tableau 10" palette, with its grey and olive replaced by darker tones so
     * that no line is pale on white): give series that belong together (one model in several panels) one index.
     */
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
            new Color(0x4d4d4d), new Color(0x7a7a00)};

    /** The i-th colour of the palette (cycling after ten). */
    public static Color palette(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    /** Spans of at least this many decades keep XChart's labels at the powers of ten only. */
    public static final double DECADES_FOR_DECADE_LABELS = 2;

    /** log10(max / min) over the positive finite values of every series on one axis (0 when there are none). */
    static double decades(XYChart chart, boolean xAxis) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (XYSeries s : chart.getSeriesMap().values()) {
            for (double v : xAxis ? s.getXData() : s.getYData()) {
                if (v > 0 && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return hi > 0 ? Math.log10(hi / lo) : 0;
    }

    /** Builds the chart and writes it to {@code png} (the .png suffix is added by XChart if missing). */
    public static void save(Path png, String title, String xLabel, String yLabel, List<Series> series)
            throws IOException {
        if (png.getParent() != null) {
            Files.createDirectories(png.getParent());
        }
        XYChart chart = chart(title, xLabel, yLabel, series);
        String name = png.toString();
        BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
                BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * Writes the charts one above the other into one PNG; each keeps its full width in the report (side by side
     * they were scaled down). XChart has no multi-chart layout, hence the hand-drawn composite.
     */
    public static void saveStacked(Path png, XYChart... charts) throws IOException {
        java.util.List<java.awt.image.BufferedImage> images = new java.util.ArrayList<>();
        int width = 0;
        int height = 0;
        for (XYChart c : charts) {
            java.awt.image.BufferedImage img = BitmapEncoder.getBufferedImage(c);
            images.add(img);
            width = Math.max(width, img.getWidth());
            height += img.getHeight();
        }
        java.awt.image.BufferedImage all = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = all.createGraphics();
        int y = 0;
        for (java.awt.image.BufferedImage img : images) {
            g.drawImage(img, 0, y, null);
            y += img.getHeight();
        }
        g.dispose();
        if (png.getParent() != null) {
            Files.createDirectories(png.getParent());
        }
        javax.imageio.ImageIO.write(all, "png", png.toFile());
    }
}
