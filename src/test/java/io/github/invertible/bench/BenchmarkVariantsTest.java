package io.github.invertible.bench;

import io.github.invertible.model.ConvReluLayer;
import io.github.invertible.model.NetworkFactory;
import io.github.invertible.model.NetworkSpec;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The graph variants the benchmark compares differ from the default network only where they claim to. */
class BenchmarkVariantsTest {

    private static final NetworkSpec SPEC = NetworkSpec.builder().unitsPerStage(1).convWidth1(6).hidden1(4)
            .hidden2(4).headConv(5).headWidth(7).seed(3).build();

    @Test
    void builtInHeadSwapsOnlyTheHeadConvolutions() {
        ComputationGraph ours = NetworkFactory.build(SPEC);
        ComputationGraph builtIn = Benchmarks.withBuiltInHeadConvolutions(SPEC);
        for (int i = 1; i <= SPEC.headConvLayers(); i++) {
            String name = NetworkFactory.HEAD_CONV + i;
            assertInstanceOf(ConvReluLayer.class, ours.getLayer(name).conf().getLayer());
            assertInstanceOf(ConvolutionLayer.class, builtIn.getLayer(name).conf().getLayer());
            assertEquals(ours.getLayer(name).numParams(), builtIn.getLayer(name).numParams(), name);
        }
        assertEquals(ours.numParams(), builtIn.numParams());
        assertEquals(List.of(ours.getConfiguration().getTopologicalOrderStr()),
                List.of(builtIn.getConfiguration().getTopologicalOrderStr()));
    }

    @Test
    void noWorkspaceVariantTurnsWorkspacesOff() {
        ComputationGraph net = Benchmarks.withoutWorkspaces(SPEC);
        assertEquals(WorkspaceMode.NONE, net.getConfiguration().getTrainingWorkspaceMode());
        assertEquals(WorkspaceMode.NONE, net.getConfiguration().getInferenceWorkspaceMode());
        assertEquals(WorkspaceMode.ENABLED, NetworkFactory.build(SPEC).getConfiguration().getTrainingWorkspaceMode());
        assertEquals(NetworkFactory.build(SPEC).numParams(), net.numParams());
    }
}
