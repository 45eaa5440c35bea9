package io.github.invertible.model;

import io.github.invertible.common.Json;
import io.github.invertible.training.ModelMetadata;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plain (non-invertible) baseline of T2 (DESIGN §6.2): the default network's head on plain convolutions. */
class PlainCnnTest {

    private static final String[] HEAD = {"head_conv1", "head_conv2", NetworkFactory.HEAD_POOL, NetworkFactory.HEAD,
            NetworkFactory.OUTPUT};

    @Test
    void sameHeadAndAComparableParameterCount() {
        ComputationGraph plain = NetworkFactory.build(NetworkSpec.builder().arch("plaincnn").constraint("none").build());
        ComputationGraph tied = NetworkFactory.build(NetworkSpec.defaults());
        assertEquals(873_504, tied.numParams());
        assertEquals(878_154, plain.numParams());
        // the head: the same vertices with the same configurations and parameter shapes
        for (String v : HEAD) {
            var a = plain.getConfiguration().getVertices().get(v);
            var b = tied.getConfiguration().getVertices().get(v);
            assertEquals(b.toString().replaceAll("layerName=\\w+", ""), a.toString().replaceAll("layerName=\\w+", ""), v);
            assertEquals(shapes(tied.getVertex(v).paramTable(false)), shapes(plain.getVertex(v).paramTable(false)), v);
        }
        // it sees what the head of the invertible network sees: 64 x 7 x 7 from the feature stage
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28);
        assertArrayEquals(tied.feedForward(x, false).get("unit2_3").shape(),
                plain.feedForward(x, false).get(NetworkFactory.PLAIN_CONV + NetworkFactory.PLAIN_STAGE.length).shape());
        assertTrue(plain.getVertices().length > 0 && Arrays.stream(plain.getVertices())
                .noneMatch(v -> v.getVertexName().startsWith("unit")), "no invertible units");
    }

    @Test
    void anEarlierPlainCnnSpecStillBuildsItsNetwork() throws Exception {
        // plaincnn as shipped until a3c8f4b predates head convolutions: its spec rebuilds that layout (conv 5x5 32 / 64)
        ModelMetadata meta = Json.read(Path.of("src", "test", "resources", "metadata", "plaincnn-a3c8f4b.json"),
                ModelMetadata.class);
        assertEquals(0, meta.spec().headConvLayers());
        assertEquals(meta.parameters(), NetworkFactory.build(meta.spec()).numParams());
    }

    @Test
    void theShippedPlainCnnSpecBuildsTheShippedNetwork() throws Exception {
        ModelMetadata meta = Json.read(Path.of("model", "plaincnn.json"), ModelMetadata.class);
        ComputationGraph rebuilt = NetworkFactory.build(meta.spec());
        assertEquals(meta.parameters(), rebuilt.numParams());
        ComputationGraph shipped = ComputationGraph.load(new File("model/plaincnn.zip"), false);
        assertEquals(shapes(shipped.paramTable()), shapes(rebuilt.paramTable()));
    }

    private static Map<String, String> shapes(Map<String, INDArray> params) {
        Map<String, String> out = new TreeMap<>();
        params.forEach((k, v) -> out.put(k, Arrays.toString(v.shape())));
        return out;
    }
}
