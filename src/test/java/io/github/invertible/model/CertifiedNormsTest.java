package io.github.invertible.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The certified norms (DESIGN §3.7) against the SVD of the materialised operator. */
class CertifiedNormsTest {

    @Test
    void gramIsTheMaterialisedOperatorsGram() {
        Nd4j.getRandom().setSeed(3);
        INDArray w = Nd4j.randn(DataType.DOUBLE, 3, 2, 3, 5);        // non-square kernel
        INDArray a = SpectralNorms.convOperatorMatrix(w, 6, 4);       // [3*24, 2*24]
        INDArray expected = a.transpose().mmul(a);
        double[] gram = CertifiedNorms.convGram(w, 6, 4);
        assertArrayEquals(expected.dup('c').data().asDouble(), gram, 1e-12);
    }

    @Test
    void convNormIsTheLargestSingularValueOfTheOperator() {
        Nd4j.getRandom().setSeed(4);
        for (long[] shape : new long[][]{{5, 3, 3, 3}, {2, 6, 3, 3}}) {  // both sides: Gram and adjoint Gram
            INDArray w = Nd4j.randn(DataType.DOUBLE, shape);
            double exact = SpectralNorms.exactDense(SpectralNorms.convOperatorMatrix(w, 7, 5));
            assertEquals(exact, CertifiedNorms.norm(w, 7, 5), 1e-12 * exact);
            assertTrue(CertifiedNorms.upperBound(w, 7, 5) >= exact);
        }
        INDArray d = Nd4j.randn(DataType.DOUBLE, 30, 12);
        assertEquals(SpectralNorms.exactDense(d), CertifiedNorms.norm(d, 0, 0), 1e-12 * SpectralNorms.exactDense(d));
    }

    @Test
    void choleskyCheckAgreesWithTheNorm() {
        Nd4j.getRandom().setSeed(6);
        INDArray w = Nd4j.randn(DataType.DOUBLE, 4, 3, 3, 3);
        double exact = SpectralNorms.exactDense(SpectralNorms.convOperatorMatrix(w, 5, 6));
        assertTrue(CertifiedNorms.certifiedBelow(w, 5, 6, exact * (1 + 1e-6)));
        assertFalse(CertifiedNorms.certifiedBelow(w, 5, 6, exact * (1 - 1e-6)));
        INDArray d = Nd4j.randn(DataType.DOUBLE, 9, 20);
        double dn = SpectralNorms.exactDense(d);
        assertTrue(CertifiedNorms.certifiedBelow(d, 0, 0, dn * (1 + 1e-6)));
        assertFalse(CertifiedNorms.certifiedBelow(d, 0, 0, dn * (1 - 1e-6)));
    }

    @Test
    void floatWeightsScaledToTheTargetStayBelowItAfterRounding() {
        Nd4j.getRandom().setSeed(7);
        for (int trial = 0; trial < 5; trial++) {
            INDArray w = Nd4j.randn(DataType.FLOAT, 6, 4, 3, 3);
            double norm = CertifiedNorms.norm(w, 6, 6);
            double target = norm * (1 - 1e-7); // a hair below: float rounding alone could push it back over
            double factor = CertifiedNorms.scaleToAtMost(w, 6, 6, target);
            assertTrue(factor < 1);
            double after = SpectralNorms.exactDense(SpectralNorms.convOperatorMatrix(w, 6, 6)); // float weights in double
            assertTrue(after <= target, "after " + after + " > target " + target);
            assertEquals(1.0, CertifiedNorms.scaleToAtMost(w, 6, 6, target), 0.0, "a second projection changes nothing");
        }
    }

    /** A unit left just above C by a short power-iteration projection ends <= C by the SVD of its operators. */
    @Test
    void certifiedProjectionBringsAPowerIterationProjectedUnitUnderTheBound() {
        double c = 0.5;
        Nd4j.getRandom().setSeed(8);
        ComputationGraph net = TinyGraphs.conv(3, 6, 5, 0, 6, 1, ConstraintMode.lipschitz(c), new Sgd(0.1));
        Layer unit = net.getLayer("u1");
        unit.getParam(ResidualConvUnit.W1).assign(Nd4j.randn(DataType.DOUBLE, unit.getParam("W1").shape()));
        unit.getParam(ResidualConvUnit.W2).assign(Nd4j.randn(DataType.DOUBLE, unit.getParam("W2").shape()));
        SpectralNorms.finalProjection(net, 3); // power iteration from below: a short run leaves it over C
        double before = svdNorm(unit, "W1") * svdNorm(unit, "W2");
        assertTrue(before > c && before < 1.2 * c, "precondition: just above C after power iteration, got " + before);

        Map<String, CertifiedNorms.Projected> projected = CertifiedNorms.project(net);
        double after = svdNorm(unit, "W1") * svdNorm(unit, "W2");
        assertTrue(after <= c, "||W2|| ||W1|| = " + after + " > " + c);
        assertTrue(after > c * (1 - 1e-6), "the projection should not shrink more than needed: " + after);
        assertEquals(svdNorm(unit, "W1"), projected.get("u1_W1").certifiedAfter(), 1e-6);
        INDArray params = net.params().dup();
        CertifiedNorms.project(net);
        assertEquals(0.0, net.params().sub(params).amaxNumber().doubleValue(), 0.0, "idempotent");
    }

    private static double svdNorm(Layer unit, String param) {
        ResidualConvUnit conf = (ResidualConvUnit) unit.conf().getLayer();
        return SpectralNorms.exactDense(SpectralNorms.convOperatorMatrix(unit.getParam(param), conf.getHeight(),
                conf.getWidth()));
    }

    @Test
    void theCholeskyCertificateSeparatesDefiniteFromIndefiniteAtEveryOrder() {
        // dpotrf through ND4J rejected positive definite matrices of order >= 64 on an AVX-512 machine (EJML now): orders
        // around and above its block size, a margin of 1e-3 of the largest eigenvalue on either side
        for (int n : new int[]{1, 2, 31, 64, 65, 200}) {
            Nd4j.getRandom().setSeed(n);
            INDArray b = Nd4j.randn(DataType.DOUBLE, n, n);
            INDArray g = b.transpose().mmul(b);
            double top = SpectralNorms.exactDense(b);
            top *= top;
            for (double f : new double[]{1 + 1e-3, 1 - 1e-3}) {
                double[] a = g.neg().dup('c').data().asDouble();
                for (int i = 0; i < n; i++) {
                    a[i * n + i] += f * top;
                }
                assertEquals(f > 1, CertifiedNorms.choleskyPositiveDefinite(a, n), "order " + n + ", factor " + f);
            }
        }
        double[] nan = {1, 0, 0, Double.NaN};
        assertFalse(CertifiedNorms.choleskyPositiveDefinite(nan, 2));
    }

    @Test
    void theCholeskyFactorReproducesTheMatrix() {
        // the factor left in the lower triangle, multiplied back: L·Lᵀ = A; orders within one block (1..7, 64),
        // one row below it (65) and three blocks, the last partial (131)
        for (int n : new int[]{1, 2, 3, 4, 5, 6, 7, 64, 65, 131}) {
            Nd4j.getRandom().setSeed(100 + n);
            INDArray b = Nd4j.randn(DataType.DOUBLE, n + 3, n);
            double[] a = b.transpose().mmul(b).dup('c').data().asDouble();
            double[] original = a.clone();
            assertTrue(CertifiedNorms.choleskyPositiveDefinite(a, n), "order " + n);
            double scale = 0;
            for (double v : original) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int k = 0; k <= j; k++) {
                        s += a[i * n + k] * a[j * n + k];
                    }
                    assertEquals(original[i * n + j], s, 1e-12 * n * scale, "order " + n + ", entry " + i + "," + j);
                }
            }
        }
    }
}
