package io.github.invertible.model;

import io.github.invertible.common.ImageShape;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-epoch unit statistics against independent references: the exact largest singular value of each unit's
 * convolution written out as a matrix at the unit's image size, and the exp of the stored log α.
 */
class UnitStatisticsTest {
    private static final ImageShape SHAPE = new ImageShape(1, 8, 8, 10);

    private static ComputationGraph net(String constraint) {
        NetworkSpec spec = NetworkSpec.builder().arch("conv").constraint(constraint).dataType(DataType.FLOAT)
                .unitsPerStage(1).convWidth1(6).hidden1(3).hidden2(4).headConv(2).headWidth(8).seed(5).build();
        return NetworkFactory.build(spec, SHAPE);
    }

    @Test
    void convUnitsMatchTheExactOperatorNormAtTheirImageSize() {
        for (String constraint : new String[]{"tied", "none"}) {
            ComputationGraph net = net(constraint);
            Map<String, UnitStatistics.Unit> stats = UnitStatistics.of(net, NetworkSpec.Arch.CONV, SHAPE);
            assertEquals(2, stats.size(), constraint + ": one unit per stage");
            int[] sides = {4, 2}; // 8x8 squeezed to 4x4, then to 2x2
            int i = 0;
            for (Map.Entry<String, UnitStatistics.Unit> e : stats.entrySet()) {
                UnitWeights w = UnitWeights.of(net, e.getKey());
                int side = sides[i++];
                double exact1 = SpectralNorms.exactDense(SpectralNorms.convOperatorMatrix(w.W1(), side, side));
                double exact2 = SpectralNorms.exactDense(SpectralNorms.convOperatorMatrix(w.W2(), side, side));
                UnitStatistics.Unit u = e.getValue();
                assertEquals(exact1, u.normW1(), 1e-5 * exact1, constraint + " " + e.getKey() + " ||W1||");
                assertEquals(exact2, u.normW2(), 1e-5 * exact2, constraint + " " + e.getKey() + " ||W2||");
                assertEquals(u.normW1() * u.normW2(), u.branchBound(), 0);
                if (constraint.equals("tied")) {
                    INDArray logAlpha = net.getLayer(e.getKey()).paramTable().get(ResidualConvUnit.LOG_ALPHA);
                    assertEquals(Math.exp(logAlpha.getDouble(0)), u.alpha(), 1e-12);
                } else {
                    assertNull(u.alpha());
                }
            }
        }
    }

    @Test
    void denseUnitsMatchTheirExactNorms() {
        NetworkSpec spec = NetworkSpec.builder().arch("dense").constraint("tied").dataType(DataType.FLOAT)
                .denseUnits(2).denseWidth(10).headWidth(8).seed(5).build();
        ComputationGraph net = NetworkFactory.build(spec, SHAPE);
        Map<String, UnitStatistics.Unit> stats = UnitStatistics.of(net, NetworkSpec.Arch.DENSE, SHAPE);
        assertEquals(2, stats.size());
        for (Map.Entry<String, UnitStatistics.Unit> e : stats.entrySet()) {
            UnitWeights w = UnitWeights.of(net, e.getKey());
            UnitStatistics.Unit u = e.getValue();
            assertEquals(SpectralNorms.exactDense(w.W2()), u.normW2(), 1e-9 * u.normW2(), "alpha ||W1|| = ||alpha W1^T||");
            assertTrue(u.alpha() > 0);
        }
    }
}
