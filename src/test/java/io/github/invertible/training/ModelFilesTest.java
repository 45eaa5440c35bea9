package io.github.invertible.training;

import io.github.invertible.common.Checksums;
import io.github.invertible.common.Json;
import io.github.invertible.model.NetworkFactory;
import io.github.invertible.model.NetworkSpec;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Self-describing model zips: metadata inside, the .json beside; zips of earlier releases still load. */
class ModelFilesTest {
    @TempDir
    Path dir;

    @Test
    void metadataTravelsInsideTheZipAndTheZipAloneLoads() throws Exception {
        NetworkSpec spec = TrainerTest.tiny();
        ComputationGraph net = NetworkFactory.build(spec);
        ModelMetadata meta = new ModelMetadata("m", spec, 3, 1, 64, 100, 0, 0, 0, net.numParams(), 12.5,
                new double[10], 0.1, 50, List.of(), null, Map.of("gitCommit", "abc"), Map.of("f", "0123"));
        Path zip = dir.resolve("m.zip");
        ModelMetadata written = ModelFiles.write(net, meta, zip, dir.resolve("m.json"));
        assertEquals(Checksums.sha256(zip), written.modelSha256());
        assertEquals(written.modelSha256(), Json.read(dir.resolve("m.json"), ModelMetadata.class).modelSha256());

        Files.delete(dir.resolve("m.json"));
        ModelMetadata inside = ModelFiles.readEmbedded(zip).orElseThrow();
        assertEquals(spec.toJson(), inside.spec().toJson());
        assertEquals(12.5, inside.testAccuracyPct());
        assertEquals(Map.of("f", "0123"), inside.dataSha256());
        assertNull(inside.modelSha256(), "a zip cannot hold its own hash");
        ComputationGraph back = ModelSerializer.restoreComputationGraph(zip.toFile(), false);
        assertArrayEquals(net.params().data().asFloat(), back.params().data().asFloat());
    }

    @Test
    void zipsOfEarlierReleasesHaveNoEntryAndStillLoad() throws Exception {
        // earlier releases wrote the zip with DL4J's serializer alone, no metadata entry
        ComputationGraph net = NetworkFactory.build(TrainerTest.tiny());
        Path old = dir.resolve("old.zip");
        ModelSerializer.writeModel(net, old.toFile(), false);
        assertTrue(ModelFiles.readEmbedded(old).isEmpty());
        assertEquals(net.numParams(), ModelSerializer.restoreComputationGraph(old.toFile(), false).numParams());
    }
}
