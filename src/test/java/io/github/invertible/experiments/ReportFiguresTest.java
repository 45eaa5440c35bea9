package io.github.invertible.experiments;

import io.github.invertible.report.Table;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.awt.Color;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training curves of the committed report's history: one colour per model, in both panels, none reused. */
class ReportFiguresTest {
    @Test
    void trainingCurvesGiveEachModelOneColourAcrossPanels() {
        Table t = Table.readCsv(Path.of("notebooks-export", TrainingCurves.CSV)).where("dataset", "mnist");
        XYChart[] charts = TrainingCurves.charts(t);
        Map<String, Color> colourOf = new HashMap<>();
        for (XYChart c : charts) {
            for (XYSeries s : c.getSeriesMap().values()) {
                String model = s.getName().replace(" (validation)", "");
                Color previous = colourOf.putIfAbsent(model, s.getLineColor());
                assertTrue(previous == null || previous.equals(s.getLineColor()), model + " has two colours");
            }
        }
        Set<Color> distinct = new HashSet<>(colourOf.values());
        assertEquals(colourOf.size(), distinct.size(), "a colour is reused: " + colourOf);
        assertEquals(new HashSet<>(t.column("model")), colourOf.keySet());
    }

    @Test
    void accuracyAxisShowsTheTopPercentWhereTheModelsDiffer() {
        Table t = Table.readCsv(Path.of("notebooks-export", TrainingCurves.CSV)).where("dataset", "mnist");
        XYChart accuracy = TrainingCurves.charts(t)[0];
        double min = accuracy.getStyler().getYAxisMin();
        double lowestFinal = 100;
        for (String model : t.column("model").stream().distinct().toList()) {
            List<String> acc = t.where("model", model).column("test_accuracy_pct");
            lowestFinal = Math.min(lowestFinal, Double.parseDouble(acc.get(acc.size() - 1)));
        }
        assertTrue(min < lowestFinal && min >= lowestFinal - 1, "axis from " + min + ", lowest final " + lowestFinal);
        assertTrue(accuracy.getYAxisTitle().contains("from"), "the axis says it is cut: " + accuracy.getYAxisTitle());
        assertEquals(98.0, TrainingCurves.accuracyAxisMin(98.84));
        assertEquals(99.0, TrainingCurves.accuracyAxisMin(99.5));
        assertFalse(accuracy.getStyler().isYAxisLogarithmic());
    }
}
