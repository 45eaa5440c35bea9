package io.github.invertible.training;

import io.github.invertible.common.Checksums;
import io.github.invertible.common.Json;
import io.github.invertible.common.UserError;
import io.github.invertible.data.ImageDataset;
import io.github.invertible.model.NetworkSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A short end-to-end run on real MNIST: accuracy, outputs, checkpoint and resume. */
class TrainerTest {
    static ImageDataset mnist;

    @TempDir
    Path dir;

    @BeforeAll
    static void data() {
        mnist = ImageDataset.loadDefault();
    }

    static NetworkSpec tiny() {
        return NetworkSpec.builder().arch("conv").constraint("tied").unitsPerStage(1).convWidth1(4).hidden1(8)
                .hidden2(16).headConvLayers(0).headWidth(32).learningRate(3e-3).seed(3).build();
    }

    @Test
    void shortRunLearnsWritesModelAndResumes() {
        TrainingConfig one = new TrainingConfig("tiny", tiny(), 1, 64, 11, 3000, 0, dir, false);
        ModelMetadata first = new Trainer().train(one, mnist);
        assertTrue(first.testAccuracyPct() > 85, "accuracy " + first.testAccuracyPct());
        assertEquals(Checksums.sha256(one.modelFile()), first.modelSha256());
        ModelMetadata onDisk = Json.read(one.metadataFile(), ModelMetadata.class);
        assertEquals(first.testAccuracyPct(), onDisk.testAccuracyPct());
        assertEquals(tiny().toJson(), onDisk.spec().toJson());

        // same run asked for two epochs: the finished epoch is taken from the checkpoint, not redone
        TrainingConfig two = new TrainingConfig("tiny", tiny(), 2, 64, 11, 3000, 0, dir, false);
        ModelMetadata second = new Trainer().train(two, mnist);
        assertEquals(2, second.history().size());
        assertEquals(first.history().get(0), second.history().get(0));
        assertTrue(Files.isRegularFile(two.checkpointDir().resolve("checkpoint.zip")));
        assertFalse(Files.exists(two.lockFile()), "the lock is released at the end");

        // the training curves record every residual unit after each epoch (DESIGN §6.2); the last epoch's are the
        // saved model's (a tied network has no final projection)
        var units = second.history().get(1).units();
        assertFalse(units.isEmpty());
        try {
            var saved = org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(two.modelFile().toFile(), false);
            assertEquals(io.github.invertible.model.UnitStatistics.of(saved, NetworkSpec.Arch.CONV,
                    mnist.descriptor().shape()), units);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        units.values().forEach(u -> assertTrue(u.alpha() != null && u.alpha() > 0, "tied units record alpha"));

        // the model zip describes itself; the .json beside it adds the zip's hash
        ModelMetadata inside = ModelFiles.readEmbedded(two.modelFile()).orElseThrow();
        assertEquals(second.testAccuracyPct(), inside.testAccuracyPct());
        assertEquals(mnist.sha256(), inside.dataSha256());
        assertEquals(4, inside.dataSha256().size());
        assertNull(inside.modelSha256());
        assertEquals(Checksums.sha256(two.modelFile()), Json.read(two.metadataFile(), ModelMetadata.class).modelSha256());
    }

    @Test
    void checkpointIsOneZipWhoseStateMatchesItsModel() throws Exception {
        TrainingConfig cfg = new TrainingConfig("one", tiny(), 1, 64, 11, 500, 0, 0, 0, dir, false, 500);
        new Trainer().train(cfg, mnist);
        CheckpointStore store = new CheckpointStore(cfg.checkpointDir());
        try (var files = Files.list(cfg.checkpointDir())) {
            assertEquals(List.of("checkpoint.zip"), files.map(p -> p.getFileName().toString()).toList());
        }
        CheckpointState state = store.state().orElseThrow();
        assertEquals(1, state.epochsDone());
        assertEquals(cfg.fingerprint(), state.configFingerprint());
        assertEquals(mnist.sha256(), state.dataSha256());
        assertEquals(1, store.restoreModel(state).getConfiguration().getEpochCount());

        // a temp file of a killed write is removed on the next start
        Path orphan = Files.writeString(cfg.checkpointDir().resolve("checkpoint.zip123.tmp"), "half");
        Path orphanModel = Files.writeString(dir.resolve("one.zip456.tmp"), "half");
        new Trainer().train(cfg, mnist);
        assertFalse(Files.exists(orphan));
        assertFalse(Files.exists(orphanModel));
    }

    @Test
    void checkpointOfAnotherConfigurationIsRefused() {
        new Trainer().train(new TrainingConfig("m", tiny(), 1, 64, 11, 500, 0, dir, false), mnist);
        TrainingConfig other = new TrainingConfig("m", tiny(), 2, 32, 11, 500, 0, dir, false);
        UserError e = assertThrows(UserError.class, () -> new Trainer().train(other, mnist));
        assertTrue(e.getMessage().contains("--fresh"), e.getMessage());
        assertTrue(e.getMessage().contains("batch=64, now batch=32"), e.getMessage());
    }

    @Test
    void nanLossStopsWithAClearMessage() {
        NetworkSpec exploding = tiny().toBuilder().learningRate(1e6).learningRateDecay(1).build();
        TrainingConfig cfg = new TrainingConfig("nan", exploding, 1, 64, 11, 2000, 0, dir, false);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> new Trainer().train(cfg, mnist));
        assertTrue(e.getMessage().contains("loss became"), e.getMessage());
        assertTrue(!Files.exists(cfg.modelFile()), "no model is written for a diverged run");
    }
}
