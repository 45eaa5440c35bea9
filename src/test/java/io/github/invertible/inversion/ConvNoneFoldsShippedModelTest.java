package io.github.invertible.inversion;

import io.github.invertible.inversion.linalg.DenseLu;
import io.github.invertible.inversion.piece.ConvResidualMap;
import io.github.invertible.data.ImageDataset;
import io.github.invertible.model.FeatureStage;
import io.github.invertible.model.UnitWeights;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Why T2's conv-none is not invertible (DESIGN §6.2), checked without any inverse: a residual unit is a continuous
 * piecewise-linear map, and such a map is injective only if its Jacobian I + W2 D W1 has determinants of one sign on
 * every linear region it realises. The test walks the first stage's units of the shipped conv-none and finds one whose
 * determinant (dense 3136 × 3136 LU in double) is positive at test digit 1's own input and negative at three times
 * it: two regions of opposite orientation, so the unit folds and no inverse can recover every input. Which unit folds
 * is the trained network's, so it is found, not written here (unit1_3 on the linear-schedule conv-none, unit1_2 on
 * the one-cycle one). The same two points on conv-tied's same unit give the positive sign a tied unit must have
 * everywhere (DESIGN §2: I + αW1ᵀDW1 is positive definite).
 */
class ConvNoneFoldsShippedModelTest {

    private static final String[] FIRST_STAGE = {"unit1_1", "unit1_2", "unit1_3"};

    @Test
    void unconstrainedNetworkHasAUnitWithRegionsOfBothOrientationsAndTheTiedOneDoesNot() throws Exception {
        INDArray digit = Nd4j.create(ImageDataset.loadDefault().test().image(1), new long[] {1, 1, 28, 28}); // a 2
        ComputationGraph none = ComputationGraph.load(new File("model/conv-none.zip"), false);
        Map<String, INDArray> noneActivations = none.feedForward(new INDArray[] {digit}, false, false);
        String folding = null;
        for (int i = 0; i < FIRST_STAGE.length && folding == null; i++) {
            int[] signs = signsAtInputAndThreeTimes(none, noneActivations, FIRST_STAGE[i]);
            assertEquals(1, signs[0], "det of conv-none's " + FIRST_STAGE[i] + " at the digit's own input");
            if (signs[1] == -1) {
                folding = FIRST_STAGE[i];
            }
        }
        assertNotNull(folding, "no first-stage unit of conv-none changes orientation between 1x and 3x the digit");
        ComputationGraph tied = ComputationGraph.load(new File("model/conv-tied.zip"), false);
        int[] signs = signsAtInputAndThreeTimes(tied, tied.feedForward(new INDArray[] {digit}, false, false), folding);
        assertArrayEquals(new int[] {1, 1}, signs, "conv-tied's " + folding + " must keep one orientation");
    }

    /**
     * det signs of {@code unitName} at the digit's input to it (the activation of the vertex before it in the
     * network's feature stage) and at three times that input.
     */
    private static int[] signsAtInputAndThreeTimes(ComputationGraph net, Map<String, INDArray> activations,
            String unitName) {
        List<String> chain = FeatureStage.of(net).names();
        INDArray in = activations.get(chain.get(chain.indexOf(unitName) - 1)).castTo(DataType.DOUBLE);
        UnitWeights w = UnitWeights.of(net, unitName);
        ConvResidualMap unit = new ConvResidualMap(w.W1(), w.b1(), w.W2(), w.b2()); // kept in double
        return new int[] {determinantSign(unit, in), determinantSign(unit, in.mul(3))};
    }

    /** Sign of det(I + W2 D W1) on the linear region of {@code x}, its columns from the unit's exact Jacobian. */
    private static int determinantSign(ConvResidualMap unit, INDArray x) {
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
