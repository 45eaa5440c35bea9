package io.github.invertible.model;

import io.github.invertible.experiments.LanczosWorst;
import io.github.invertible.inversion.FeatureStageInverter;
import io.github.invertible.inversion.linalg.SingularValues;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * F5's worst case (DESIGN §8.4): Lanczos on KᵀK for one residual unit against the exact SVD of the unit's Jacobian,
 * formed densely by central differences of the double forward map (independent of the solves and of Lanczos). In
 * this package for {@link TinyGraphs}, whose first unit sits directly on the input.
 */
class LanczosWorstTest {

    /** Central-difference Jacobian of unit u1 at the single sample z [1, c, h, w]: column j = ∂u1/∂z_j. */
    static double[][] jacobian(FeatureStageInverter inv, INDArray z) {
        int d = (int) z.length();
        long[] batch = z.shape().clone();
        batch[0] = d;
        double h = 1e-6;
        INDArray step = Nd4j.eye(d).castTo(DataType.DOUBLE).muli(h).reshape(batch);
        INDArray base = z.reshape(1, d).broadcast(d, d).dup().reshape(batch);
        double[][] rows = inv.forward(base.add(step), "u1").sub(inv.forward(base.sub(step), "u1")).divi(2 * h)
                .reshape(d, -1).toDoubleMatrix(); // row j = column j of J
        double[][] j = new double[d][d];
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                j[r][c] = rows[c][r];
            }
        }
        return j;
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "tied"})
    void lanczosFindsOneOverTheSmallestSingularValueOfTheUnitJacobian(String constraint) {
        boolean tied = constraint.equals("tied");
        // tied with one hidden channel: D W1 has rank <= 16 < 32 inputs, so W1ᵀDW1 has a null direction and the
        // Jacobian I + alpha W1ᵀDW1 has sigma_min exactly 1; the free unit has a contracting direction
        Nd4j.getRandom().setSeed(5);
        ComputationGraph net = TinyGraphs.conv(2, 4, 4, 0, tied ? 1 : 3, 1, ConstraintMode.parse(constraint),
                new Sgd(0.1));
        TinyGraphs.randomiseBiases(net, 0.5);
        if (!tied) {
            net.getLayer("u1").getParam("W2").muli(2); // a unit far from a contraction
        }
        FeatureStageInverter inv = FeatureStageInverter.of(net);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 2, 4, 4);
        LanczosWorst.Result w = LanczosWorst.run(inv.inverseJacobian(x, "u1", "u1"), 40, 1e-10, 3);
        for (int s = 0; s < 2; s++) {
            double[] sv = SingularValues.of(jacobian(inv, x.slice(s).reshape(1, 2, 4, 4)));
            double sigmaMin = sv[sv.length - 1];
            assertTrue(w.converged()[s], "sample " + s + " not converged in " + w.iterations() + " steps");
            assertEquals(1 / sigmaMin, w.sigma()[s], 1e-6 / sigmaMin, "sample " + s);
            if (tied) {
                assertEquals(1, sigmaMin, 1e-8, "tied unit with an inactive direction: sigma_min(J) = 1");
                assertEquals(1, w.sigma()[s], 1e-9);
            } else {
                assertTrue(sigmaMin < 0.9, "the free unit contracts some direction: " + sigmaMin);
            }
        }
        assertTrue(w.iterations() < 32, "Lanczos stops by its rule before the dimension: " + w.iterations());
    }
}
