package io.github.invertible.inversion;

import io.github.invertible.data.ImageDataset;
import io.github.invertible.data.ImageSplit;
import io.github.invertible.model.NetworkFactory;
import io.github.invertible.model.NetworkSpec;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small networks trained for a few steps on real MNIST, then inverted end to end. */
class FeatureStageInverterTest {
    static ImageSplit train;
    static ImageSplit test;

    @BeforeAll
    static void data() {
        ImageDataset m = ImageDataset.loadDefault();
        train = m.train().head(512);
        test = m.test().head(12);
    }

    static ComputationGraph trained(String arch, String constraint) {
        NetworkSpec spec = NetworkSpec.builder().arch(arch).constraint(constraint).unitsPerStage(2).convWidth1(8)
                .hidden1(6).hidden2(8).denseUnits(2).denseWidth(24).headConv(8).headWidth(16).seed(7).build();
        ComputationGraph net = NetworkFactory.build(spec);
        DataSet ds = train.toDataSet(!arch.equals("dense"));
        for (DataSet batch : ds.batchBy(64)) {
            net.fit(batch);
        }
        return net;
    }

    static double relErr(INDArray a, INDArray b) {
        return a.sub(b).norm2Number().doubleValue() / b.norm2Number().doubleValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"conv:tied", "conv:none", "conv:lipschitz:0.9", "dense:tied", "dense:lipschitz:0.9"})
    void forwardMatchesDl4jAndProposedInverseRecoversTheInput(String archAndConstraint) {
        String arch = archAndConstraint.substring(0, archAndConstraint.indexOf(':'));
        String constraint = archAndConstraint.substring(arch.length() + 1);
        ComputationGraph net = trained(arch, constraint);
        FeatureStageInverter inv = FeatureStageInverter.of(net);
        INDArray x = test.features(!arch.equals("dense"), DataType.DOUBLE);

        // independent reference: DL4J's own forward pass (float) at every invertible vertex
        Map<String, INDArray> acts = net.feedForward(x.castTo(DataType.FLOAT), false);
        for (String v : inv.vertexNames()) {
            INDArray ours = inv.forward(x, v);
            assertTrue(relErr(ours, acts.get(v).castTo(DataType.DOUBLE)) < 1e-5, v);
        }

        INDArray hidden = inv.forward(x, inv.top());
        NetworkInversion r = inv.invert(hidden, inv.top(), InverseMethod.PROPOSED, InverseOptions.defaults());
        for (int i = 0; i < x.size(0); i++) {
            assertTrue(r.certified(i), "sample " + i + ": " + r.failure()[i]);
        }
        assertTrue(relErr(r.x(), x) < 1e-8, "relative error " + relErr(r.x(), x));
        // the certificate is the forward map re-applied: check it independently
        assertTrue(relErr(inv.forward(r.x(), inv.top()), hidden) < 1e-8);
    }

    @Test
    void invertsFromAnIntermediateLayer() {
        ComputationGraph net = trained("conv", "tied");
        FeatureStageInverter inv = FeatureStageInverter.of(net);
        INDArray x = test.features(true, DataType.DOUBLE);
        String middle = "squeeze2";
        NetworkInversion r = inv.invert(inv.forward(x, middle), middle, InverseMethod.PROPOSED, InverseOptions.defaults());
        assertEquals(java.util.List.of("squeeze2", "unit1_2", "unit1_1", "pad1", "squeeze1"),
                r.pieces().stream().map(NetworkInversion.PieceResult::vertex).toList());
        assertTrue(relErr(r.x(), x) < 1e-8);
    }

    @Test
    void perturbedRepresentationOffTheRangeIsNotCertified() {
        ComputationGraph net = trained("conv", "tied");
        FeatureStageInverter inv = FeatureStageInverter.of(net);
        INDArray x = test.features(true, DataType.DOUBLE);
        // below the padding: pad1's extra channels must be zero, so noise there is off the range
        INDArray hidden = inv.forward(x, "pad1");
        hidden.addi(Nd4j.randn(DataType.DOUBLE, hidden.shape()).muli(0.1));
        NetworkInversion r = inv.invert(hidden, "pad1", InverseMethod.PROPOSED, InverseOptions.defaults());
        for (int i = 0; i < x.size(0); i++) {
            assertFalse(r.certified(i));
            assertNotNull(r.failure()[i]);
            assertTrue(r.failure()[i].startsWith("pad1: NOT_IN_RANGE"), r.failure()[i]);
        }
    }

    @Test
    void aSampleWhoseInverseFailsIsReportedAloneAndTheOthersAreStillInverted() {
        FeatureStageInverter inv = FeatureStageInverter.of(trained("conv", "none"));
        INDArray x = test.features(true, DataType.DOUBLE);
        INDArray hidden = inv.forward(x, inv.top());
        hidden.slice(0).muli(1e308); // finite, but no unit inverse converges on it
        NetworkInversion r = inv.invert(hidden, inv.top(), InverseMethod.PROPOSED, InverseOptions.defaults());
        assertFalse(r.certified(0));
        assertNotNull(r.failure()[0]);
        for (int i = 1; i < x.size(0); i++) {
            assertTrue(r.certified(i), "sample " + i + ": " + r.failure()[i]);
        }
        INDArray rest = r.x().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, x.size(0)));
        INDArray truth = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, x.size(0)));
        assertTrue(relErr(rest, truth) < 1e-8, "relative error " + relErr(rest, truth));
    }

    @Test
    void nonFiniteRowsAreFoundPerSample() {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 4, 2, 3, 3);
        y.putScalar(new long[]{1, 1, 2, 0}, Double.NaN);
        y.putScalar(new long[]{3, 0, 0, 0}, Double.NEGATIVE_INFINITY);
        assertArrayEquals(new boolean[]{false, true, false, true}, FeatureStageInverter.nonFiniteRows(y));
    }

    @Test
    void clearErrorsForUnknownLayerAndNonFiniteInput() {
        FeatureStageInverter inv = FeatureStageInverter.of(trained("conv", "tied"));
        INDArray x = test.features(true, DataType.DOUBLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> inv.invert(x, "nope", InverseMethod.PROPOSED, InverseOptions.defaults()));
        assertTrue(e.getMessage().contains("unknown layer 'nope'"), e.getMessage());
        INDArray bad = inv.forward(x, inv.top());
        bad.putScalar(0, Double.NaN);
        e = assertThrows(IllegalArgumentException.class,
                () -> inv.invert(bad, inv.top(), InverseMethod.PROPOSED, InverseOptions.defaults()));
        assertTrue(e.getMessage().contains("not finite"), e.getMessage());
    }

    @Test
    void plainCnnHasNoInvertibleStage() {
        ComputationGraph net = NetworkFactory.build(NetworkSpec.builder().arch("plaincnn").headWidth(8).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureStageInverter.of(net));
        assertTrue(e.getMessage().contains("no invertible feature stage"), e.getMessage());
    }
}
