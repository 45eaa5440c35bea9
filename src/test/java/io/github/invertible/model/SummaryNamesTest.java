package io.github.invertible.model;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's {@code summary()} names this project's layers by family ({@code FAMILY$Runtime}, the channel padding too)
 * and, given the input type, shows their shapes.
 */
class SummaryNamesTest {

    @Test
    void summaryNamesEveryCustomLayerFamily() {
        NetworkSpec conv = NetworkSpec.builder().arch("conv").constraint("tied").unitsPerStage(1).convWidth1(4)
                .hidden1(8).hidden2(16).headConvLayers(1).headConv(8).headWidth(32).build();
        ComputationGraph net = NetworkFactory.build(conv);
        String s = net.summary(InputType.convolutional(28, 28, 1));
        for (String family : new String[]{"ResidualConvUnit$Runtime", "ConvReluLayer$Runtime"}) {
            assertTrue(s.contains(family), family + " in\n" + s);
        }
        assertFalse(s.contains("CorrectedSameDiffLayer"), s);
        assertTrue(s.contains("h=14,w=14,c=4"), "shapes shown:\n" + s);

        NetworkSpec dense = NetworkSpec.builder().arch("dense").constraint("tied").denseUnits(1).denseWidth(16)
                .headWidth(32).build();
        String d = NetworkFactory.build(dense).summary(InputType.feedForward(784));
        assertTrue(d.contains("ResidualDenseUnit$Runtime"), d);
        assertFalse(d.contains("CorrectedSameDiffLayer"), d);
    }
}
