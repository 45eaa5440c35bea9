package io.github.invertible.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinePlotsTest {

    private static XYChart chart(double... y) {
        double[] x = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            x[i] = i + 1;
        }
        return LinePlots.chart("t", "x", "y", List.of(new LinePlots.Series("s", x, y, LinePlots.Style.LINE)));
    }

    @Test
    void decadesAreMeasuredOverPositiveFiniteValuesOnly() {
        assertEquals(Math.log10(9.6 / 0.57), LinePlots.decades(chart(0.57, 3, 9.6), false), 1e-12);
        assertEquals(Math.log10(100), LinePlots.decades(chart(1, 0, -5, Double.NaN, 100), false), 1e-12);
        assertEquals(Math.log10(3), LinePlots.decades(chart(1, 2, 3), true), 1e-12, "x runs 1..3");
        assertEquals(0, LinePlots.decades(chart(0, -1), false));
    }

    @Test
    void aNarrowLogAxisLabelsEveryTickAndAWideOneOnlyThePowersOfTen(@TempDir Path dir) throws Exception {
        // the unit-curves figure spans 0.57..9.6: with decade labels only, its axis read "1" and nothing else
        XYChart narrow = LinePlots.logY(chart(0.57, 3, 9.6));
        assertTrue(narrow.getStyler().isYAxisLogarithmic());
        assertFalse(narrow.getStyler().isYAxisLogarithmicDecadeOnly());
        XYChart wide = LinePlots.logY(chart(1e-14, 1e-3, 1));
        assertTrue(wide.getStyler().isYAxisLogarithmicDecadeOnly());
        XYChart both = LinePlots.logX(LinePlots.logY(chart(0.1, 0.2)));
        assertTrue(both.getStyler().isXAxisLogarithmic());
        assertFalse(both.getStyler().isXAxisLogarithmicDecadeOnly(), "x runs 1..2");
        Path png = dir.resolve("narrow.png");
        LinePlots.saveStacked(png, narrow, wide);
        assertTrue(Files.size(png) > 1000, "both charts render");
    }
}
