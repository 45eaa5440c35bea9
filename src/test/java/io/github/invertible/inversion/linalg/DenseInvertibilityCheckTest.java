package io.github.invertible.inversion.linalg;

import io.github.invertible.inversion.RandomUnits;
import io.github.invertible.inversion.piece.DenseResidualMap;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DenseInvertibilityCheckTest {

    @Test
    void lipschitzBoundIsTheProductOfSpectralNorms() {
        Random rnd = new Random(31);
        DenseResidualMap u = RandomUnits.gaussianUnit(rnd, 6, 4, 2.5, 0.1);
        assertEquals(2.5, DenseInvertibilityCheck.lipschitzBound(u), 1e-10);
    }

    @Test
    void contractiveAndTiedUnitsAreCoherentlyOriented() {
        Random rnd = new Random(32);
        for (int t = 0; t < 20; t++) {
            assertTrue(DenseInvertibilityCheck.coherentlyOriented(RandomUnits.gaussianUnit(rnd, 8, 8, 0.95, 0.1)));
            assertTrue(DenseInvertibilityCheck.coherentlyOriented(RandomUnits.tiedUnit(rnd, 8, 8, 50, 0.1)));
        }
    }

    @Test
    void foldingUnitIsNotInvertibleAndTheCheckSaysSo() {
        // 1-D: y = x − 2σ(x) = x for x ≤ 0, −x for x > 0: not injective; slopes 1 and −1
        DenseResidualMap fold = new DenseResidualMap(new double[][]{{1}}, new double[]{0},
                new double[][]{{-2}}, new double[]{0});
        assertFalse(DenseInvertibilityCheck.coherentlyOriented(fold));
        double[] y = fold.forward(new double[]{1});
        assertEquals(fold.forward(new double[]{-1})[0], y[0], 0); // two preimages
    }

    @Test
    void checkAgreesWithBruteForceInjectivityEvidenceIn1d() {
        // y = x + w2 σ(w1 x): slopes 1 and 1 + w1 w2; invertible iff 1 + w1 w2 > 0
        for (double w2 : new double[]{-3, -1.5, -0.5, 0.5, 4}) {
            DenseResidualMap u = new DenseResidualMap(new double[][]{{1}}, new double[]{0},
                    new double[][]{{w2}}, new double[]{0});
            assertEquals(1 + w2 > 0, DenseInvertibilityCheck.coherentlyOriented(u), "w2=" + w2);
        }
    }
}
