package io.github.invertible.inversion;

import io.github.invertible.inversion.piece.ConvResidualMap;
import io.github.invertible.inversion.piece.DenseResidualMap;
import io.github.invertible.data.ImageDataset;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DESIGN §8: the inverse of a tied unit, and of the tied feature stage (padded channels dropped), is
 * non-expansive, ‖F⁻¹(y) − F⁻¹(y′)‖ ≤ ‖y − y′‖; a lipschitz:C unit's inverse is only bounded by 1/(1 − C), and a
 * unit built to reach that bound makes the same check fail.
 *
 * <p>The allowance for the certificate: each computed inverse satisfies ‖F(x̂) − y‖ ≤ tol·‖y‖, and with a
 * 1-Lipschitz F⁻¹ that puts x̂ within tol·‖y‖ of the exact preimage; so the check is
 * ‖x̂ − x̂′‖ ≤ ‖y − y′‖ + tol·(‖y‖ + ‖y′‖) (summed over the units for the stage).
 */
class TiedInverseNonExpansiveTest {
    private static final InverseOptions OPTIONS = InverseOptions.defaults();
    private static final double TOL = OPTIONS.tolerance();

    private static double norm(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a * a;
        }
        return Math.sqrt(s);
    }

    private static double[] diff(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    /** Pairs (y, y′): a small, a medium and a large perturbation of y = F(x), and y′ = F(x′) for an unrelated x′. */
    private static List<double[][]> densePairs(DenseResidualMap u, Random rnd) {
        List<double[][]> pairs = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            double[] y = u.forward(RandomUnits.gaussian(rnd, u.inputSize(), 1));
            for (double eps : new double[]{1e-3, 1e-1, 1}) {
                double[] dir = RandomUnits.gaussian(rnd, y.length, 1);
                double scale = eps * norm(y) / norm(dir);
                double[] y2 = y.clone();
                for (int i = 0; i < y.length; i++) {
                    y2[i] += scale * dir[i];
                }
                pairs.add(new double[][]{y, y2});
            }
            pairs.add(new double[][]{y, u.forward(RandomUnits.gaussian(rnd, u.inputSize(), 1))});
        }
        return pairs;
    }

    /** Largest ‖x̂ − x̂′‖ / (‖y − y′‖ + tol(‖y‖ + ‖y′‖)) over the pairs: ≤ 1 is the non-expansive check. */
    private static double worstDenseRatio(DenseResidualMap u, Random rnd) {
        DenseResidualInverter inv = new DenseResidualInverter(u);
        double worst = 0;
        for (double[][] p : densePairs(u, rnd)) {
            SampleInversion a = inv.invertSample(p[0], InverseMethod.PROPOSED, OPTIONS);
            SampleInversion b = inv.invertSample(p[1], InverseMethod.PROPOSED, OPTIONS);
            assertTrue(a.recovered() && b.recovered(), a.status() + " / " + b.status());
            double allowance = TOL * (norm(p[0]) + norm(p[1]));
            worst = Math.max(worst, norm(diff(a.x(), b.x())) / (norm(diff(p[0], p[1])) + allowance));
        }
        return worst;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 1, 10, 100, 1000})
    void tiedDenseUnitInverseIsNonExpansiveAtAnyWeightScale(double scale) {
        Random rnd = new Random(18 + (long) scale);
        DenseResidualMap u = RandomUnits.tiedUnit(rnd, 12, 20, scale, 0.5);
        double ratio = worstDenseRatio(u, rnd);
        assertTrue(ratio <= 1, "tied unit, scale " + scale + ": amplification " + ratio);
        assertTrue(ratio > 0.01, "degenerate check: " + ratio);
    }

    @Test
    void lipschitzUnitsStayWithinOneOverOneMinusC() {
        Random rnd = new Random(1818);
        for (int k = 0; k < 5; k++) {
            DenseResidualMap u = RandomUnits.gaussianUnit(rnd, 12, 20, 0.9, 0.5);
            double ratio = worstDenseRatio(u, rnd);
            assertTrue(ratio <= 1 / (1 - 0.9), "lipschitz:0.9 unit: amplification " + ratio);
        }
    }

    /**
     * The counterexample: g(x) = −0.9 relu(x + 10) has ‖W2‖‖W1‖ = 0.9, and on the region x &gt; −10 F(x) = 0.1x − 9,
     * whose inverse multiplies every perturbation by 10 = 1/(1 − C): the non-expansive check must fail here.
     */
    @Test
    void aLipschitzUnitCanReachItsBoundAndFailsTheCheck() {
        int n = 6;
        double[][] w1 = new double[n][n];
        double[][] w2 = new double[n][n];
        for (int i = 0; i < n; i++) {
            w1[i][i] = 1;
            w2[i][i] = -0.9;
        }
        double[] b1 = new double[n];
        java.util.Arrays.fill(b1, 10);
        DenseResidualMap u = new DenseResidualMap(w1, b1, w2, new double[n]);
        double ratio = worstDenseRatio(u, new Random(5));
        assertTrue(ratio > 1, "the check cannot fail: " + ratio);
        assertTrue(ratio > 9 && ratio <= 10, "expected the bound 1/(1 - 0.9) = 10 to be reached: " + ratio);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 5}) // the dense case above goes to scale 1000 (a conv unit at alpha 30 takes ~30 s here)
    void tiedConvUnitInverseIsNonExpansive(double alpha) {
        Random rnd = new Random(7 + (long) (10 * alpha));
        int c = 3;
        int k = 5;
        INDArray w1 = Nd4j.create(RandomUnits.gaussian(rnd, k * c * 9, 1.0 / 3), new long[]{k, c, 3, 3}, DataType.DOUBLE);
        INDArray b1 = Nd4j.create(RandomUnits.gaussian(rnd, k, 0.3), new long[]{k}, DataType.DOUBLE);
        INDArray b2 = Nd4j.create(RandomUnits.gaussian(rnd, c, 0.3), new long[]{c}, DataType.DOUBLE);
        ConvResidualMap u = ConvResidualMap.tied(w1, b1, alpha, b2);
        ConvResidualInverter inv = new ConvResidualInverter(u, true);
        INDArray x = Nd4j.create(RandomUnits.gaussian(rnd, 4 * c * 36, 1), new long[]{4, c, 6, 6}, DataType.DOUBLE);
        INDArray y = u.forward(x);
        INDArray y2 = y.dup();
        double[] eps = {1e-3, 1e-1, 1, 0};
        for (int s = 0; s < 4; s++) {
            INDArray dir = Nd4j.create(RandomUnits.gaussian(rnd, c * 36, 1), new long[]{c, 6, 6}, DataType.DOUBLE);
            INDArray row = eps[s] > 0 ? dir.muli(eps[s] * y.slice(s).norm2Number().doubleValue() / dir.norm2Number().doubleValue())
                    : u.forward(dir.reshape(1, c, 6, 6)).reshape(c, 6, 6).subi(y.slice(s)); // an unrelated F(x')
            y2.slice(s).addi(row);
        }
        double ratio = worstRatio(inv.invert(y, InverseMethod.PROPOSED, OPTIONS), inv.invert(y2, InverseMethod.PROPOSED, OPTIONS),
                y, y2, 1);
        assertTrue(ratio <= 1, "tied conv unit, alpha " + alpha + ": amplification " + ratio);
    }

    private static double worstRatio(BatchInversion a, BatchInversion b, INDArray y, INDArray y2, int units) {
        assertTrue(a.allRecovered() && b.allRecovered(), a + " / " + b);
        int n = (int) y.size(0);
        double[] tolSum = new double[n];
        for (int s = 0; s < n; s++) {
            tolSum[s] = units * TOL * (y.slice(s).norm2Number().doubleValue() + y2.slice(s).norm2Number().doubleValue());
        }
        return worstRatio(a.x(), b.x(), y, y2, tolSum);
    }

    /** Per sample ‖x̂ − x̂′‖ / (‖y − y′‖ + allowance[s]), the largest. */
    private static double worstRatio(INDArray xa, INDArray xb, INDArray y, INDArray y2, double[] allowance) {
        int n = (int) y.size(0);
        double worst = 0;
        for (int s = 0; s < n; s++) {
            double dx = xa.slice(s).sub(xb.slice(s)).norm2Number().doubleValue();
            double dy = y.slice(s).sub(y2.slice(s)).norm2Number().doubleValue();
            worst = Math.max(worst, dx / (dy + allowance[s]));
        }
        return worst;
    }

    /**
     * The shipped tied model's whole feature stage, padded channels dropped (so perturbations off the range are
     * inverted too): a few test digits, random perturbations of 1e-3, 1e-2 and 1e-1 of ‖y‖.
     */
    @Test
    void shippedTiedFeatureStageInverseIsNonExpansive() throws Exception {
        ComputationGraph net = ModelSerializer.restoreComputationGraph(Path.of("model", "conv-tied.zip").toFile(), false);
        FeatureStageInverter inv = FeatureStageInverter.of(net).dropPaddedChannels(true);
        INDArray x = ImageDataset.loadDefault().test().head(3).features(true, DataType.DOUBLE);
        String top = inv.top();
        INDArray y1 = inv.forward(x, top);
        INDArray y = Nd4j.concat(0, y1, y1, y1);
        INDArray y2 = y.dup();
        Random rnd = new Random(3);
        double[] eps = {1e-3, 1e-2, 1e-1};
        long per = y1.length() / y1.size(0);
        for (int s = 0; s < y.size(0); s++) {
            INDArray dir = Nd4j.create(RandomUnits.gaussian(rnd, (int) per, 1), y.slice(s).shape(), DataType.DOUBLE);
            double e = eps[s / (int) y1.size(0)];
            y2.slice(s).addi(dir.muli(e * y.slice(s).norm2Number().doubleValue() / dir.norm2Number().doubleValue()));
        }
        NetworkInversion a = inv.invert(y, top, InverseMethod.PROPOSED, OPTIONS);
        NetworkInversion b = inv.invert(y2, top, InverseMethod.PROPOSED, OPTIONS);
        for (int s = 0; s < y.size(0); s++) {
            assertTrue(a.certified(s) && b.certified(s), a.failure()[s] + " / " + b.failure()[s]);
        }
        // each unit's certificate tol·‖y_unit‖ passes through the 1-Lipschitz inverses below it unamplified, so
        // the allowance is tol·Σ_units (‖y_unit‖ + ‖y′_unit‖), the unit inputs re-computed from the recoveries
        double[] allowance = new double[(int) y.size(0)];
        for (String unit : inv.unitNames()) {
            INDArray na = inv.forward(a.x(), unit).reshape(y.size(0), -1).norm2(1);
            INDArray nb = inv.forward(b.x(), unit).reshape(y.size(0), -1).norm2(1);
            for (int s = 0; s < allowance.length; s++) {
                allowance[s] += TOL * (na.getDouble(s) + nb.getDouble(s));
            }
        }
        double ratio = worstRatio(a.x(), b.x(), y, y2, allowance);
        assertTrue(ratio <= 1, "shipped tied stage: amplification " + ratio);
        assertTrue(ratio > 0.01, "degenerate check: " + ratio);
    }
}
