package io.github.invertible.inversion;

import io.github.invertible.inversion.piece.DenseResidualMap;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DenseResidualInverterTest {

    private static final InverseOptions STRICT = InverseOptions.defaults().withTolerance(1e-10)
            .withTargetResidual(1e-14).withMaxIterations(500);

    private static double relativeError(INDArray a, INDArray b) {
        return a.sub(b).norm2Number().doubleValue() / b.norm2Number().doubleValue();
    }

    @Test
    void allMethodsRecoverContractiveUnits() {
        Random rnd = new Random(1);
        for (int trial = 0; trial < 10; trial++) {
            int n = 5 + rnd.nextInt(20);
            int k = 3 + rnd.nextInt(30);
            DenseResidualMap unit = RandomUnits.gaussianUnit(rnd, n, k, 0.8, 0.1);
            INDArray x = Nd4j.createFromArray(RandomUnits.gaussian(rnd, 16, n, 1));
            INDArray y = unit.forward(x);
            DenseResidualInverter inv = new DenseResidualInverter(unit);
            for (InverseMethod m : InverseMethod.values()) {
                BatchInversion r = inv.invert(y, m, STRICT);
                assertTrue(r.allRecovered(), m + " " + r);
                for (int i = 0; i < 16; i++) {
                    double err = relativeError(r.x().getRow(i), x.getRow(i));
                    assertTrue(err < 1e-10, m + " sample " + i + " error " + err);
                }
            }
        }
    }

    @Test
    void batchedForwardMatchesPerSampleForward() {
        Random rnd = new Random(2);
        DenseResidualMap unit = RandomUnits.gaussianUnit(rnd, 7, 9, 3, 0.5);
        double[][] x = RandomUnits.gaussian(rnd, 4, 7, 1);
        INDArray y = unit.forward(Nd4j.createFromArray(x));
        for (int i = 0; i < 4; i++) {
            double[] yi = unit.forward(x[i]);
            for (int j = 0; j < 7; j++) {
                assertEquals(yi[j], y.getDouble(i, j), 1e-12);
            }
        }
    }

    @Test
    void proposedInvertsTiedUnitsAtLargeScaleWhereExistingIsNotTrusted() {
        Random rnd = new Random(3);
        int existingFailures = 0;
        for (int trial = 0; trial < 100; trial++) {
            int n = 10;
            int k = 8 + rnd.nextInt(8);
            double lip = 4 + 4 * rnd.nextDouble();
            DenseResidualMap unit = RandomUnits.tiedUnit(rnd, n, k, lip, 0.3);
            INDArray x = Nd4j.createFromArray(new double[][]{RandomUnits.gaussian(rnd, n, 1)});
            INDArray y = unit.forward(x);
            DenseResidualInverter inv = new DenseResidualInverter(unit);

            BatchInversion proposed = inv.invert(y, InverseMethod.PROPOSED, InverseOptions.defaults());
            assertTrue(proposed.allRecovered(), "trial " + trial + ": " + proposed);
            assertTrue(relativeError(proposed.x(), x) < 1e-8, "trial " + trial);

            BatchInversion existing = inv.invert(y, InverseMethod.EXISTING, InverseOptions.defaults());
            double res = existing.residual()[0];
            // The certificate decides, never the method: RECOVERED exactly when the residual is small.
            assertEquals(res < 1e-6, existing.recovered(0), "trial " + trial + " residual " + res);
            if (!existing.recovered(0)) {
                existingFailures++;
            }
        }
        assertTrue(existingFailures > 0, "the existing method should fail on some tied units with L ≥ 4");
    }

    @Test
    void tiedUnitsAreRecoveredByProposedInFewSteps() {
        Random rnd = new Random(4);
        DenseResidualMap unit = RandomUnits.tiedUnit(rnd, 30, 40, 6, 0.1);
        INDArray x = Nd4j.createFromArray(RandomUnits.gaussian(rnd, 50, 30, 1));
        BatchInversion r = new DenseResidualInverter(unit).invert(unit.forward(x), InverseMethod.PROPOSED,
                InverseOptions.defaults());
        assertTrue(r.allRecovered(), r.toString());
        assertTrue(r.medianIterations() <= 10, r.toString());
    }

    @Test
    void cyclesAreDetectedDampedAndReported() {
        // Large-scale Gaussian units are often not injective; the pattern iteration then revisits patterns.
        Random rnd = new Random(9);
        int cycles = 0;
        int rescued = 0;
        for (int trial = 0; trial < 150; trial++) {
            DenseResidualMap unit = RandomUnits.gaussianUnit(rnd, 10, 10, 8, 0.1);
            double[] y = unit.forward(RandomUnits.gaussian(rnd, 10, 1));
            DenseResidualInverter inv = new DenseResidualInverter(unit);
            SampleInversion r = inv.invertSample(y, InverseMethod.PROPOSED, InverseOptions.defaults());
            assertEquals(inv.relativeResidual(r.x(), y) < 1e-6, r.recovered());
            if (r.cycleDetected()) {
                cycles++;
                if (r.recovered()) {
                    rescued++;
                } else {
                    assertEquals(InverseStatus.CYCLED, r.status());
                }
            }
        }
        assertTrue(cycles > 0, "expected some cycling cases at L = 8");
        assertTrue(rescued > 0, "damping should rescue some of them");
    }

    @Test
    void singularLinearPartIsReported() {
        // W2 W1 = −I on the active pattern: I + W2 D W1 = 0 when both units are active.
        double[][] w1 = {{1, 0}, {0, 1}};
        double[][] w2 = {{-1, 0}, {0, -1}};
        DenseResidualMap unit = new DenseResidualMap(w1, new double[]{0, 0}, w2, new double[]{0, 0});
        SampleInversion r = new DenseResidualInverter(unit).invertSample(new double[]{1, 1},
                InverseMethod.PROPOSED, InverseOptions.defaults());
        assertEquals(InverseStatus.SINGULAR, r.status());
    }

    @Test
    void nonFiniteInputIsRejectedClearly() {
        Random rnd = new Random(5);
        DenseResidualMap unit = RandomUnits.gaussianUnit(rnd, 3, 3, 0.5, 0.1);
        INDArray y = Nd4j.create(DataType.DOUBLE, 2, 3);
        y.putScalar(1, 2, Double.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DenseResidualInverter(unit).invert(y, InverseMethod.PROPOSED, InverseOptions.defaults()));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void woodburyAndDirectNewtonPointsAgree() {
        // k < n takes the Woodbury branch; compare with a dense solve of I + W2 D W1 via DenseLu.
        Random rnd = new Random(6);
        DenseResidualMap unit = RandomUnits.gaussianUnit(rnd, 12, 5, 2, 0.2);
        double[] y = RandomUnits.gaussian(rnd, 12, 1);
        java.util.BitSet p = new java.util.BitSet();
        p.set(0);
        p.set(3);
        p.set(4);
        double[] viaWoodbury = new DenseResidualInverter(unit).newtonPoint(y, p);
        double[][] a = new double[12][12];
        double[] r = new double[12];
        double[][] w1 = unit.w1();
        double[][] w2 = unit.w2();
        for (int i = 0; i < 12; i++) {
            a[i][i] = 1;
            r[i] = y[i] - unit.b2()[i];
            for (int l : p.stream().toArray()) {
                r[i] -= w2[i][l] * unit.b1()[l];
                for (int j = 0; j < 12; j++) {
                    a[i][j] += w2[i][l] * w1[l][j];
                }
            }
        }
        INDArray direct = Nd4j.linalg().solve(Nd4j.createFromArray(a),
                Nd4j.createFromArray(r).reshape(12, 1));
        for (int i = 0; i < 12; i++) {
            assertEquals(direct.getDouble(i, 0), viaWoodbury[i], 1e-10);
        }
    }
}
