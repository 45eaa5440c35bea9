package io.github.invertible.experiments;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class F1RltInvertibilityTest {

    @Test
    void binomialTailIsExact() {
        assertEquals(11.0 / 16, BinomialTail.atLeast(4, 2), 1e-15);
        assertEquals(1.0 / 1024, BinomialTail.atLeast(10, 10), 1e-18);
        assertEquals(0.5, BinomialTail.atLeast(101, 51), 1e-15); // symmetry for odd m
        assertEquals(1, BinomialTail.atLeast(5, 0), 0);
        assertEquals(0, BinomialTail.atLeast(5, 6), 0);
    }

    @Test
    void measuredCurveFollowsTheBinomialPrediction() {
        // Reduced run: 300 cases, n = 10, m/n from 1 to 4. Tolerance: 4 binomial standard errors plus one
        // case (a continuity allowance; at the tails the standard error is ~0 and one rare event is legal).
        F1RltInvertibility f1 = new F1RltInvertibility(99, 300);
        List<F1RltInvertibility.Point> points = f1.run(10, 3, 4);
        assertEquals(2 * 11, points.size());
        for (F1RltInvertibility.Point p : points) {
            double allowed = 4 * p.standardErrorPct() + 100.0 / p.cases();
            assertTrue(Math.abs(p.invertiblePct() - p.predictedPct()) <= allowed,
                    "n=" + p.n() + " m=" + p.m() + " bias=" + p.bias() + ": measured " + p.invertiblePct()
                            + " predicted " + p.predictedPct());
        }
        // and the curve really rises from ~0 to ~100
        assertTrue(points.get(0).invertiblePct() < 1);
        assertTrue(points.get(10).invertiblePct() > 99);
    }
}
