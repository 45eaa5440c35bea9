package io.github.invertible.model;

import io.github.invertible.inversion.piece.ConvResidualMap;
import io.github.invertible.inversion.piece.DenseResidualMap;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The effective weights reproduce each unit's DL4J forward pass (the SameDiff training path) through the
 * families' own forward maps, in math convention.
 */
class UnitWeightsTest {

    @ParameterizedTest
    @CsvSource({"conv,none,3", "conv,tied,3", "dense,none,3", "dense,tied,3", "conv,lipschitz:0.9,3",
            "conv,tied,5", "conv,none,5"})
    void effectiveWeightsReproduceTheLayerForward(String arch, String constraint, int kernel) {
        Nd4j.getRandom().setSeed(9);
        NetworkSpec spec = SmallSpecs.of(arch, constraint, DataType.DOUBLE).toBuilder().kernelSize(kernel).build();
        ComputationGraph net = NetworkFactory.build(spec);
        TinyGraphs.randomiseBiases(net, 0.5);
        INDArray x = SmallSpecs.input(spec, 3);
        Map<String, INDArray> acts = net.feedForward(x, false);

        FeatureStage stage = FeatureStage.of(net);
        String previous = stage.input();
        int units = 0;
        for (FeatureStage.Vertex v : stage.vertices()) {
            if (v.kind().iterative()) {
                UnitWeights w = UnitWeights.of(net, v.name());
                assertShapes(w, spec, kernel);
                INDArray expected = acts.get(v.name());
                // the family classes' forward (DESIGN §3.1, §3.2) from these weights
                INDArray actual = w.isConvolutional()
                        ? new ConvResidualMap(w.W1(), w.b1(), w.W2(), w.b2()).forward(acts.get(previous))
                        : DenseResidualMap.of(w.W1(), w.b1(), w.W2(), w.b2()).forward(acts.get(previous));
                assertEquals(0.0, actual.sub(expected).amaxNumber().doubleValue(), 1e-10, v.name());
                units++;
            }
            previous = v.name();
        }
        assertTrue(units >= 2);
    }

    private static void assertShapes(UnitWeights w, NetworkSpec spec, int kernel) {
        if (w.isConvolutional()) {
            long k = w.W1().size(0);
            long c = w.W1().size(1);
            assertArrayEquals(new long[]{c, k, kernel, kernel}, w.W2().shape());
            assertArrayEquals(new long[]{k}, w.b1().shape());
            assertArrayEquals(new long[]{c}, w.b2().shape());
        } else {
            assertArrayEquals(new long[]{spec.denseWidth(), 784}, w.W1().shape());
            assertArrayEquals(new long[]{784, spec.denseWidth()}, w.W2().shape());
            assertArrayEquals(new long[]{spec.denseWidth()}, w.b1().shape());
            assertArrayEquals(new long[]{784}, w.b2().shape());
        }
        assertEquals(DataType.DOUBLE, w.W1().dataType());
    }
}
