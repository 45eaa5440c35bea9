package io.github.invertible.training;

import io.github.invertible.common.ImageShape;
import io.github.invertible.common.Json;
import io.github.invertible.common.UserError;
import io.github.invertible.data.Datasets;
import io.github.invertible.data.ImageDataset;
import io.github.invertible.data.ImageSplit;
import io.github.invertible.data.SyntheticIdx;
import io.github.invertible.model.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dataset and the validation split in training, the metadata and the resume fingerprint (DESIGN §9). */
class DatasetTrainingTest {
    @TempDir
    Path dir;

    private static ImageSplit numbered(int n) {
        float[][] px = new float[n][4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            px[i][0] = i;
            labels[i] = i % 3;
        }
        return new ImageSplit(px, labels, new ImageShape(1, 2, 2, 3));
    }

    @Test
    void theLastNImagesAreHeldOut() {
        ImageSplit all = numbered(50);
        Splits s = Splits.of(all, 10, 0);
        assertEquals(40, s.train().size());
        assertEquals(10, s.validation().size());
        for (int i = 0; i < 40; i++) {
            assertEquals(i, s.train().image(i)[0]);
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(40 + i, s.validation().image(i)[0]);
            assertEquals((40 + i) % 3, s.validation().label(i));
        }
        // --train-limit takes the first images of the rest; the validation images stay the same
        Splits limited = Splits.of(all, 10, 15);
        assertEquals(15, limited.train().size());
        assertEquals(40, limited.validation().image(0)[0]);
        assertNull(Splits.of(all, 0, 0).validation());
        assertEquals(50, Splits.of(all, 0, 0).train().size());
        UserError e = assertThrows(UserError.class, () -> Splits.of(all, 50, 0));
        assertEquals("--validation 50 leaves no training images (the training file has 50)", e.getMessage());
    }

    @Test
    void theDescriptorRoundTripsThroughTheMetadata() {
        ModelMetadata m = new ModelMetadata("f", NetworkSpec.defaults(), 1, 2, 64, 100, 0, 0, 0, 10, 50,
                new double[10], 1, 2, List.of(new EpochRecord(1, 50, 3, 4, 0.5, 48.5)), null, null, null,
                Datasets.FASHION_MNIST, 5000, 48.5);
        Path f = dir.resolve("f.json");
        Json.write(f, m);
        ModelMetadata back = Json.read(f, ModelMetadata.class);
        assertEquals(Datasets.FASHION_MNIST, back.dataset());
        assertEquals("Ankle boot", back.datasetOrMnist().className(9));
        assertEquals(5000, back.validationSize());
        assertEquals(48.5, back.validationAccuracyPct());
        assertEquals(m.history(), back.history());
        // metadata of an earlier release (conv-tied as shipped at 1fdb5df): MNIST, no validation split, no flip
        ModelMetadata old = Json.read(Path.of("src", "test", "resources", "metadata", "conv-tied-1fdb5df.json"),
                ModelMetadata.class);
        assertNull(old.dataset());
        assertEquals(Datasets.MNIST, old.datasetOrMnist());
        assertEquals(0, old.validationSize());
        assertNull(old.history().get(0).validationAccuracyPct());
        assertFalse(old.flipped());
    }

    @Test
    void fingerprintsNameTheDatasetAndTheValidationSplit() {
        NetworkSpec spec = TrainerTest.tiny();
        TrainingConfig mnist = TrainingConfig.defaults("a", spec, 1, dir, false);
        TrainingConfig fashion = TrainingConfig.defaults("a", spec, 1, dir, false, "fashion-mnist", 0);
        TrainingConfig held = TrainingConfig.defaults("a", spec, 1, dir, false, "mnist", 5000);
        assertEquals("checkpoint dataset=mnist, now dataset=fashion-mnist",
                TrainingConfig.difference(mnist.fingerprint(), fashion.fingerprint()));
        assertEquals("checkpoint validation=5000, now validation=0",
                TrainingConfig.difference(held.fingerprint(), mnist.fingerprint()));
        // a checkpoint of an earlier release (no dataset, no validation in its fingerprint) still resumes
        assertTrue(!mnist.fingerprint().contains("dataset") && !mnist.fingerprint().contains("validation"));
    }

    private TrainingConfig tiny(String dataset, int validation, int epochs) {
        return new TrainingConfig("m", TrainerTest.tiny(), epochs, 16, 11, 0, 0, 0, 0, dir.resolve("models"), false,
                0, dataset, validation, false);
    }

    @Test
    void aResumeOnAnotherDatasetOrSplitIsRefusedNamingTheSetting() throws Exception {
        Path data = SyntheticIdx.write(dir.resolve("data"), 28, 28, 10, 48, 20);
        // a stand-in for MNIST (MNIST's descriptor, the synthetic files' checksums)
        ImageDataset asMnist = ImageDataset.load(data, SyntheticIdx.as(Datasets.MNIST, data));
        ModelMetadata first = new Trainer().train(tiny("mnist", 16, 1), asMnist);
        assertEquals(16, first.validation());
        assertEquals(32, first.trainSamples());
        assertNotNull(first.validationAccuracyPct());
        assertNotNull(first.history().get(0).validationAccuracyPct());
        assertEquals(Datasets.MNIST.name(), first.dataset().name());

        UserError split = assertThrows(UserError.class, () -> new Trainer().train(tiny("mnist", 8, 2), asMnist));
        assertTrue(split.getMessage().contains("checkpoint validation=16, now validation=8"), split.getMessage());
        ImageDataset asIdx = Datasets.load(Datasets.Id.IDX, data); // the same files, read as another dataset
        UserError other = assertThrows(UserError.class, () -> new Trainer().train(tiny("idx", 16, 2), asIdx));
        assertTrue(other.getMessage().contains("checkpoint dataset=mnist, now dataset=idx"), other.getMessage());
        // and a configuration that does not match the data loaded is a user error too
        UserError mismatch = assertThrows(UserError.class, () -> new Trainer().train(tiny("fashion-mnist", 16, 1),
                asMnist));
        assertTrue(mismatch.getMessage().contains("configured for dataset fashion-mnist"), mismatch.getMessage());
        UserError flip = assertThrows(UserError.class, () -> new Trainer().train(
                new TrainingConfig("m", TrainerTest.tiny(), 1, 16, 11, 0, 0, 0, 0, dir, true, 0, "mnist", 0, true),
                asMnist));
        assertTrue(flip.getMessage().startsWith("--flip: mirroring does not keep the labels of mnist"),
                flip.getMessage());
    }

    @Test
    void theFlipAugmentationIsRecordedInTheMetadata() throws Exception {
        Path data = SyntheticIdx.write(dir.resolve("data"), 28, 28, 10, 48, 20);
        // a stand-in for a dataset whose labels survive mirroring
        ImageDataset asFashion = ImageDataset.load(data, SyntheticIdx.as(Datasets.FASHION_MNIST, data));
        assertFalse(new Trainer().train(tiny("fashion-mnist", 0, 1), asFashion).flipped());
        TrainingConfig flipped = new TrainingConfig("f", TrainerTest.tiny(), 1, 16, 11, 0, 0, 0, 0,
                dir.resolve("models"), false, 0, "fashion-mnist", 0, true);
        assertTrue(new Trainer().train(flipped, asFashion).flipped());
        assertTrue(io.github.invertible.common.Json.read(flipped.metadataFile(), ModelMetadata.class).flipped());
    }

    @Test
    void mirroringFlipsEveryChannelRowOfHalfTheImages() {
        ImageShape shape = new ImageShape(2, 2, 3, 2);
        org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.arange(48).castTo(
                org.nd4j.linalg.api.buffer.DataType.FLOAT).reshape(4, 2, 2, 3);
        org.nd4j.linalg.dataset.DataSet d = new org.nd4j.linalg.dataset.DataSet(x.dup(),
                org.nd4j.linalg.factory.Nd4j.zeros(4, 2));
        new RandomFlip(5, shape).preProcess(d);
        int flipped = 0;
        for (int s = 0; s < 4; s++) {
            org.nd4j.linalg.api.ndarray.INDArray orig = x.slice(s);
            org.nd4j.linalg.api.ndarray.INDArray got = d.getFeatures().slice(s);
            org.nd4j.linalg.api.ndarray.INDArray mirrored = orig.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.indices(2, 1, 0));
            if (got.equals(mirrored)) {
                flipped++;
            } else {
                assertEquals(orig, got, "image " + s + " is either unchanged or mirrored");
            }
        }
        assertTrue(flipped > 0 && flipped < 4, "some but not all flipped: " + flipped);
        assertArrayEquals(x.shape(), d.getFeatures().shape());
    }
}
