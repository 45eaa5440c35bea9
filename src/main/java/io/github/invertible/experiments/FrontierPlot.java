package io.github.invertible.experiments;

import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.report.LinePlots;
import io.github.invertible.report.Table;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * T3's figure from {@link Frontier#CSV}: x = the constraint (one tick per frontier model), left axis the test
 * accuracy with the plain CNN's as a dashed reference line, right axis the certified share of each registered
 * inverse method (its registry colour). XChart draws the second axis as y-axis group 1.
 */
final class FrontierPlot {
    private FrontierPlot() {
    }

    static void plot(Table t, Path png) throws IOException {
        List<List<String>> points = t.rows().stream()
                .filter(r -> !Frontier.cell(t, r, "model").equals(Frontier.BASELINE)).toList();
        int n = points.size();
        double[] x = new double[n];
        double[] acc = new double[n];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
            acc[i] = Frontier.num(t, points.get(i), "test_accuracy_pct");
            labels.add(Frontier.cell(t, points.get(i), "x"));
        }
        List<LinePlots.Series> left = new ArrayList<>();
        left.add(new LinePlots.Series("test accuracy (left)", x, acc, LinePlots.Style.LINE_AND_MARKERS, Color.BLACK));
        t.rows().stream().filter(r -> Frontier.cell(t, r, "model").equals(Frontier.BASELINE)).findFirst()
                .ifPresent(r -> {
                    double a = Frontier.num(t, r, "test_accuracy_pct");
                    left.add(new LinePlots.Series("plain CNN test accuracy (left)", new double[]{0.5, n + 0.5},
                            new double[]{a, a}, LinePlots.Style.DASHED_LINE, Color.GRAY));
                });
        XYChart chart = LinePlots.chart("T3: accuracy-invertibility frontier (MNIST, T1's digits, certified)",
                "constraint on each residual branch (lipschitz:C bound, tied, none)", "test accuracy, %", left);
        for (InverseMethod m : InverseMethod.values()) {
            List<double[]> xy = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double v = Frontier.num(t, points.get(i), AccuracyTable.invertibleColumn(m));
                if (Double.isFinite(v)) {
                    xy.add(new double[]{x[i], v});
                }
            }
            if (xy.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(m.label() + " certified (right)",
                    xy.stream().mapToDouble(p -> p[0]).toArray(), xy.stream().mapToDouble(p -> p[1]).toArray());
            s.setYAxisGroup(1);
            s.setLineColor(new Color(m.rgb()));
            s.setMarkerColor(new Color(m.rgb()));
            s.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                    10f, new float[]{6f, 4f}, 0f));
        }
        chart.setYAxisGroupTitle(1, "digits certified, %");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.getStyler().setYAxisMin(1, 0.0);
        chart.getStyler().setYAxisMax(1, 100.0);
        chart.getStyler().setXAxisMin(0.5);
        chart.getStyler().setXAxisMax(n + 0.5);
        // XChart drops every tick label when two are equal, so the ticks between the models get distinct blanks
        chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> {
            long i = Math.round(v);
            return Math.abs(v - i) < 1e-6 && i >= 1 && i <= n ? labels.get((int) i - 1)
                    : " ".repeat(1 + (int) Math.round(Math.abs(v) * 100));
        });
        // to exactly this path (XChart's saveBitmap appends ".png" to a name without it, e.g. an atomic temp file)
        javax.imageio.ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", png.toFile());
    }
}
