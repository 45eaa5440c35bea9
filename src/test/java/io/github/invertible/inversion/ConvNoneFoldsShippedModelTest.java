package io.github.invertible.inversion;

import io.github.invertible.data.Mnist;
import io.github.invertible.model.UnitWeights;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;

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
        int[] signs = signsAtDigitAndThreeTimes("model/conv-none.zip");
        assertEquals(1, signs[0], "det at the digit's own input");
        assertEquals(-1, signs[1], "det at three times the digit's input");
    }

    @Test
    void tiedUnitKeepsOneOrientation() throws Exception {
        int[] signs = signsAtDigitAndThreeTimes("model/conv-tied.zip");
        assertEquals(1, signs[0]);
        assertEquals(1, signs[1]);
    }

    /** det signs of unit1_3 at test digit 1 (a 2) as it enters the unit, and at three times that input. */
    private static int[] signsAtDigitAndThreeTimes(String model) throws Exception {
        ComputationGraph net = ComputationGraph.load(new File(model), false);
        INDArray x = Nd4j.create(Mnist.loadDefault().test().image(1), new long[] {1, 1, 28, 28});
        INDArray in = net.feedForward(new INDArray[] {x}, false, false).get("unit1_2").castTo(DataType.DOUBLE);
        UnitWeights w = UnitWeights.of(net, "unit1_3");
        ConvResidualUnit unit = new ConvResidualUnit(w.W1(), w.b1(), w.W2(), w.b2()); // kept in double
        return new int[] {determinantSign(unit, in), determinantSign(unit, in.mul(3))};
    }

    /** Sign of det(I + W2 D W1) on the linear region of {@code x}, its columns from the unit's exact Jacobian. */
    private static int determinantSign(ConvResidualUnit unit, INDArray x) {
        long[] s = x.shape();
        int n = (int) (s[1] * s[2] * s[3]);
        INDArray mask = unit.preActivation(x).gt(0).castTo(DataType.DOUBLE);
        INDArray basis = Nd4j.eye(n).castTo(DataType.DOUBLE).reshape(n, s[1], s[2], s[3]);
        // row j is J e_j: the rows of Jᵀ, whose determinant is J's
        double[][] rows = unit.applyJacobian(basis, mask.broadcast(n, mask.size(1), s[2], s[3])).reshape(n, n)
                .toDoubleMatrix();
        DenseLu lu = DenseLu.factorInPlace(rows, 1e-12);
        assertNotNull(lu, "Jacobian numerically singular");
        return lu.determinantSign();
    }
}
