package io.github.invertible.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.File;
import java.util.List;

import static io.github.invertible.model.InvertibleLayer.Kind.PAD;
import static io.github.invertible.model.InvertibleLayer.Kind.RESIDUAL_CONV;
import static io.github.invertible.model.InvertibleLayer.Kind.RESIDUAL_DENSE;
import static io.github.invertible.model.InvertibleLayer.Kind.SQUEEZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureStageTest {

    @TempDir
    File tmp;

    @Test
    void convFeatureStageInOrderAlsoAfterRestore() throws Exception {
        ComputationGraph net = NetworkFactory.build(SmallSpecs.of("conv", "tied", DataType.FLOAT));
        List<FeatureStage.Vertex> expected = List.of(
                new FeatureStage.Vertex("squeeze1", SQUEEZE), new FeatureStage.Vertex("pad1", PAD),
                new FeatureStage.Vertex("unit1_1", RESIDUAL_CONV), new FeatureStage.Vertex("unit1_2", RESIDUAL_CONV),
                new FeatureStage.Vertex("squeeze2", SQUEEZE),
                new FeatureStage.Vertex("unit2_1", RESIDUAL_CONV), new FeatureStage.Vertex("unit2_2", RESIDUAL_CONV));
        FeatureStage stage = FeatureStage.of(net);
        assertEquals(expected, stage.vertices());
        assertEquals("unit2_2", stage.top());
        assertEquals("input", stage.input());

        File file = new File(tmp, "conv.zip");
        ModelSerializer.writeModel(net, file, false);
        assertEquals(stage, FeatureStage.of(ModelSerializer.restoreComputationGraph(file, false)));
    }

    @Test
    void denseFeatureStage() throws Exception {
        ComputationGraph net = NetworkFactory.build(SmallSpecs.of("dense", "lipschitz:0.5", DataType.FLOAT));
        FeatureStage stage = FeatureStage.of(net);
        assertEquals(List.of(new FeatureStage.Vertex("unit_1", RESIDUAL_DENSE),
                new FeatureStage.Vertex("unit_2", RESIDUAL_DENSE)), stage.vertices());
        assertEquals("unit_2", stage.top());
        File file = new File(tmp, "dense.zip");
        ModelSerializer.writeModel(net, file, false);
        assertEquals(stage, FeatureStage.of(ModelSerializer.restoreComputationGraph(file, false)));
    }

    @Test
    void withoutPaddingAndForTheBaseline() {
        NetworkSpec noPad = SmallSpecs.of("conv", "none", DataType.FLOAT).toBuilder().convWidth1(4).build();
        assertEquals(List.of("squeeze1", "unit1_1", "unit1_2", "squeeze2", "unit2_1", "unit2_2"),
                FeatureStage.of(NetworkFactory.configuration(noPad)).names());
        FeatureStage plain = FeatureStage.of(NetworkFactory.configuration(SmallSpecs.of("plaincnn", "none",
                DataType.FLOAT)));
        assertTrue(plain.vertices().isEmpty());
        assertEquals("input", plain.top());
    }
}
