package io.github.invertible.inversion;

import io.github.invertible.data.Mnist;
import io.github.invertible.model.UnitWeights;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Why T2's conv-none is not invertible (DESIGN §6.2), checked without any inverse: a residual unit is a continuous
 * piecewise-linear map, and such a map is injective only if its Jacobian I + W2 D W1 has determinants of one sign on
 * every linear region it realises. On the shipped conv-none, {@code unit1_3}'s determinant (dense 3136 × 3136 LU in
 * double) is positive at test digit 1's own input and negative at three times it: two regions of opposite
 * orientation, so the unit folds and no inverse can recover every input. The same two points on conv-tied's
 * {@code unit1_3} give the positive sign a tied unit must have everywhere (DESIGN §2: I + αW1ᵀDW1 is positive
 * definite).
 */
class ConvNoneFoldsShippedModelTest {

    @Test
    void unconstrainedUnitHasRegionsOfBothOrientations() throws Exception {
        INDArray in = inputOfUnit("model/conv-none.zip");
        ConvResidualUnit unit = unit("model/conv-none.zip");
        assertEquals(1, determinantSign(unit, in), "det at the digit's own input");
        assertEquals(-1, determinantSign(unit, in.mul(3)), "det at three times the digit's input");
    }

    @Test
    void tiedUnitKeepsOneOrientation() throws Exception {
        INDArray in = inputOfUnit("model/conv-tied.zip");
        ConvResidualUnit unit = unit("model/conv-tied.zip");
        assertEquals(1, determinantSign(unit, in));
        assertEquals(1, determinantSign(unit, in.mul(3)));
    }

    /** Test digit 1 (a 2) as it enters unit1_3, in double. */
    private static INDArray inputOfUnit(String model) throws Exception {
        ComputationGraph net = ComputationGraph.load(new File(model), false);
        float[] image = Mnist.loadDefault().test().image(1);
        INDArray x = Nd4j.create(image, new long[] {1, 1, 28, 28});
        return net.feedForward(new INDArray[] {x}, false, false).get("unit1_2").castTo(DataType.DOUBLE);
    }

    private static ConvResidualUnit unit(String model) throws Exception {
        UnitWeights w = UnitWeights.of(ComputationGraph.load(new File(model), false), "unit1_3");
        return new ConvResidualUnit(w.W1().castTo(DataType.DOUBLE), w.b1().castTo(DataType.DOUBLE),
                w.W2().castTo(DataType.DOUBLE), w.b2().castTo(DataType.DOUBLE));
    }

    /** Sign of det(I + W2 D W1) on the linear region of {@code x}, its columns from the unit's exact Jacobian. */
    private static int determinantSign(ConvResidualUnit unit, INDArray x) {
        INDArray mask = unit.preActivation(x).gt(0).castTo(DataType.DOUBLE);
        long[] s = x.shape();
        int n = (int) (s[1] * s[2] * s[3]);
        double[][] rows = new double[n][]; // Jᵀ, whose determinant is J's
        for (int c0 = 0; c0 < n; c0 += 256) {
            int m = Math.min(256, n - c0);
            INDArray e = Nd4j.zeros(DataType.DOUBLE, m, n);
            for (int i = 0; i < m; i++) {
                e.putScalar(i, c0 + i, 1.0);
            }
            INDArray masks = Nd4j.concat(0, Collections.nCopies(m, mask).toArray(INDArray[]::new));
            double[][] cols = unit.applyJacobian(e.reshape(m, s[1], s[2], s[3]), masks).reshape(m, n).toDoubleMatrix();
            System.arraycopy(cols, 0, rows, c0, m);
        }
        DenseLu lu = DenseLu.factorInPlace(rows, 1e-12);
        assertNotNull(lu, "Jacobian numerically singular");
        return lu.determinantSign();
    }
}
