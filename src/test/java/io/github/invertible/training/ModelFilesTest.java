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

    private ModelMetadata tinyMeta(ComputationGraph net, String dataset) {
        var d = dataset.equals("fashion-mnist") ? io.github.invertible.data.Datasets.FASHION_MNIST
                : io.github.invertible.data.Datasets.MNIST;
        return new ModelMetadata("m", TrainerTest.tiny(), 3, 1, 64, 100, 0, 0, 0, net.numParams(), 12.5,
                new double[10], 0.1, 50, List.of(), null, Map.of("gitCommit", "abc"), Map.of("f", "0123"), d, 0,
                null, null);
    }

    @Test
    void editedMisplacedOrUnreadableMetadataIsRefusedInOneLine() throws Exception {
        ComputationGraph net = NetworkFactory.build(TrainerTest.tiny());
        Path zip = dir.resolve("f.zip");
        ModelMetadata written = ModelFiles.write(net, tinyMeta(net, "fashion-mnist"), zip, dir.resolve("f.json"));
        assertEquals(ModelFiles.contentHashes(zip).coefficientsSha256(), written.identity().coefficientsSha256());
        assertEquals("fashion-mnist", ModelFiles.readEmbedded(zip).orElseThrow().dataset().name());

        // fashion -> mnist by hand: the digest no longer matches
        Path edited = Files.copy(zip, dir.resolve("edited.zip"));
        ModelZips.editMetadata(edited, t -> t.replace("\"fashion-mnist\"", "\"mnist\""));
        assertTrue(message(edited).contains("the embedded metadata was edited"), message(edited));

        // the metadata of one model moved into another's zip: the coefficients are not the ones it describes
        ComputationGraph other = NetworkFactory.build(TrainerTest.tiny());
        other.params().addi(1);
        Path moved = dir.resolve("moved.zip");
        ModelSerializer.writeModel(other, moved.toFile(), false);
        ModelZips.replaceMetadata(moved, ModelSerializer.getObjectFromFile(zip.toFile(), ModelFiles.METADATA_KEY));
        assertTrue(message(moved).contains("coefficients.bin is not the one the embedded metadata describes"),
                message(moved));

        Path broken = Files.copy(zip, dir.resolve("broken.zip"));
        ModelZips.breakMetadata(broken);
        assertTrue(message(broken).contains("the embedded metadata (objects/model_metadata) is unreadable"),
                message(broken));
        Path notJson = Files.copy(zip, dir.resolve("notjson.zip"));
        ModelZips.replaceMetadata(notJson, "{ not json");
        assertTrue(message(notJson).contains("is unreadable (not valid metadata JSON)"), message(notJson));

        Path legacy = Files.copy(zip, dir.resolve("legacy.zip"));
        ModelZips.replaceMetadata(legacy, Json.MAPPER.writeValueAsString(tinyMeta(net, "mnist")));
        assertTrue(message(legacy).contains("carries no hashes") && message(legacy).contains("ModelMigration"),
                message(legacy));
        Path garbage = Files.writeString(dir.resolve("garbage.zip"), "not a zip");
        assertTrue(message(garbage).startsWith("cannot read model file"), message(garbage));
    }

    private static String message(Path zip) {
        String m = org.junit.jupiter.api.Assertions.assertThrows(io.github.invertible.common.UserError.class,
                () -> ModelFiles.readEmbedded(zip)).getMessage();
        assertTrue(!m.contains("\n"), m);
        return m;
    }

    @Test
    void migrationAddsTheHashesLeavesTheCoefficientsAndUpdatesEveryRecordOfTheZipsHash() throws Exception {
        ComputationGraph net = NetworkFactory.build(TrainerTest.tiny());
        Path zip = dir.resolve("old.zip");
        ModelSerializer.writeModel(net, zip.toFile(), false); // as the shipped zips: metadata without hashes
        ModelSerializer.addObjectToFile(zip.toFile(), ModelFiles.METADATA_KEY,
                Json.MAPPER.writeValueAsString(tinyMeta(net, "fashion-mnist")));
        String oldSha = Checksums.sha256(zip);
        Json.write(dir.resolve("old.json"), tinyMeta(net, "fashion-mnist").withModelSha256(oldSha));
        Path record = Files.writeString(Files.createDirectories(dir.resolve("export")).resolve("t1_run_old.json"),
                "{\"modelSha256\" : \"" + oldSha + "\"}");
        byte[] coefficients = entry(zip, "coefficients.bin");
        byte[] configuration = entry(zip, "configuration.json");

        ModelMigration.Result r = ModelMigration.migrate(zip, List.of(dir, dir.resolve("export")));
        assertTrue(r.changed());
        assertArrayEquals(coefficients, entry(zip, "coefficients.bin"), "coefficients untouched");
        assertArrayEquals(configuration, entry(zip, "configuration.json"));
        ModelMetadata inside = ModelFiles.readEmbedded(zip).orElseThrow();
        assertEquals("fashion-mnist", inside.dataset().name());
        ModelMetadata beside = Json.read(dir.resolve("old.json"), ModelMetadata.class);
        assertEquals(Checksums.sha256(zip), beside.modelSha256());
        assertEquals(inside.identity(), beside.identity());
        assertEquals("{\"modelSha256\" : \"" + r.newSha256() + "\"}", Files.readString(record));
        assertArrayEquals(net.params().data().asFloat(),
                ModelSerializer.restoreComputationGraph(zip.toFile(), false).params().data().asFloat());

        ModelMigration.Result again = ModelMigration.migrate(zip, List.of(dir));
        assertTrue(!again.changed() && again.updated().isEmpty(), "a migrated zip is left alone");
        ModelZips.editMetadata(zip, t -> t.replace("\"fashion-mnist\"", "\"mnist\""));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(io.github.invertible.common.UserError.class,
                () -> ModelMigration.migrate(zip, List.of())).getMessage().contains("was edited"),
                "an edited zip is not blessed by the migration");
    }

    private static byte[] entry(Path zip, String name) throws Exception {
        try (var z = new java.util.zip.ZipFile(zip.toFile())) {
            return z.getInputStream(z.getEntry(name)).readAllBytes();
        }
    }

    /** Every shipped zip carries verified hashes and its .json records the zip's SHA-256 (ModelMigration). */
    @Test
    void everyShippedModelVerifies() throws Exception {
        List<Path> zips;
        try (var s = Files.list(Path.of("model"))) {
            zips = s.filter(p -> p.toString().endsWith(".zip")).sorted().toList();
        }
        assertTrue(zips.size() >= 10, zips.toString());
        for (Path zip : zips) {
            ModelMetadata inside = ModelFiles.readEmbedded(zip).orElseThrow();
            ModelMetadata beside = Json.read(Path.of(zip.toString().replace(".zip", ".json")), ModelMetadata.class);
            assertEquals(Checksums.sha256(zip), beside.modelSha256(), zip.toString());
            assertEquals(inside.identity(), beside.identity(), zip.toString());
        }
    }
}
