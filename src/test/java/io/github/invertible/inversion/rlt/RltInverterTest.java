package io.github.invertible.inversion.rlt;

import io.github.invertible.inversion.RandomUnits;
import io.github.invertible.inversion.linalg.Matrices;
import io.github.invertible.inversion.linalg.SingularValues;
import io.github.invertible.inversion.piece.RectifierLinearTransform;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RltInverterTest {

    private final RltInverter inverter = new RltInverter();

    @Test
    void pairedTransformsAlwaysRecover() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rnd.nextInt(15);
            int m = n + rnd.nextInt(5);
            RectifierLinearTransform t = RectifierLinearTransform.paired(RandomUnits.gaussian(rnd, m, n, 1),
                    RandomUnits.gaussian(rnd, m, 1));
            double[] x = RandomUnits.gaussian(rnd, n, 1);
            RltInversion r = inverter.invert(t, t.forward(x));
            assertEquals(RltOutcome.RECOVERED, r.outcome(), "trial " + trial);
            assertEquals(n, r.rank());
            assertTrue(Matrices.distance(r.x(), x) < 1e-9 * Math.max(1, Matrices.norm(x)), "trial " + trial);
        }
    }

    @Test
    void rankDeficientTransformIsNotUnique() {
        Random rnd = new Random(12);
        // W = A B with inner dimension 3 and n = 6: rank(W_I) ≤ 3 whatever the pattern
        double[][] w = Matrices.multiply(RandomUnits.gaussian(rnd, 40, 3, 1), RandomUnits.gaussian(rnd, 3, 6, 1));
        RectifierLinearTransform t = new RectifierLinearTransform(w);
        double[] x = RandomUnits.gaussian(rnd, 6, 1);
        RltInversion r = inverter.invert(t, t.forward(x));
        assertEquals(RltOutcome.NOT_UNIQUE, r.outcome());
        assertEquals(3, r.rank());
        assertEquals(3, r.preimageDimension());
        // the reported point is a genuine preimage
        assertTrue(Matrices.distance(t.forward(r.x()), t.forward(x)) < 1e-9);
    }

    @Test
    void outputsNoInputProducesAreNotInRange() {
        // y = σ(x1, x1): equal active outputs forced; (1, 2) is impossible
        RectifierLinearTransform t = new RectifierLinearTransform(new double[][]{{1}, {1}});
        assertEquals(RltOutcome.NOT_IN_RANGE, inverter.invert(t, new double[]{1, 2}).outcome());
        // y = σ(x, 2x): (1, 0) would need x = 1 and 2x ≤ 0 — an inactive inequality is violated
        RectifierLinearTransform u = new RectifierLinearTransform(new double[][]{{1}, {2}});
        RltInversion r = inverter.invert(u, new double[]{1, 0});
        assertEquals(RltOutcome.NOT_IN_RANGE, r.outcome());
        assertTrue(r.inactiveViolation() > 1);
        assertEquals(RltOutcome.NOT_IN_RANGE, inverter.invert(u, new double[]{-1, 0}).outcome());
        assertEquals(RltOutcome.RECOVERED, inverter.invert(u, new double[]{1, 2}).outcome());
    }

    @Test
    void tallGaussianTransformRecoversAndQrRankMatchesSvdRank() {
        Random rnd = new Random(13);
        for (int trial = 0; trial < 50; trial++) {
            RectifierLinearTransform t = new RectifierLinearTransform(RandomUnits.gaussian(rnd, 12, 8, 1));
            double[] y = t.forward(RandomUnits.gaussian(rnd, 8, 1));
            int qrRank = inverter.activeRank(t, y);
            double[][] wi = java.util.stream.IntStream.range(0, 12).filter(i -> y[i] > 0)
                    .mapToObj(i -> t.weightsView()[i]).toArray(double[][]::new);
            int svdRank = wi.length == 0 ? 0 : SingularValues.rank(wi, 1e-10);
            assertEquals(svdRank, qrRank, "trial " + trial);
            RltInversion r = inverter.invert(t, y);
            assertEquals(qrRank == 8 ? RltOutcome.RECOVERED : RltOutcome.NOT_UNIQUE, r.outcome());
        }
    }
}
