package io.github.invertible.data;

import io.github.invertible.common.ImageShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --dataset idx}: any IDX directory, shape and class count read from the files (DESIGN §9), and every
 * bad-file case of {@link IdxReaderTest} through the generic loader, each naming the file.
 */
class GenericIdxTest {
    @TempDir
    Path dir;

    @Test
    void shapeAndClassesComeFromTheFiles() throws IOException {
        SyntheticIdx.write(dir, 20, 12, 3, 30, 9);
        ImageDataset m = Datasets.load(Datasets.Id.IDX, dir);
        assertEquals(new ImageShape(1, 20, 12, 3), m.descriptor().shape());
        assertEquals("idx", m.descriptor().name());
        assertEquals(java.util.List.of("0", "1", "2"), m.descriptor().classNames());
        assertEquals(30, m.train().size());
        assertEquals(9, m.test().size());
        assertEquals(2, m.train().label(5));
        assertArrayEquals(new long[]{30, 1, 20, 12}, m.train().features(true, DataType.FLOAT).shape());
        assertArrayEquals(new long[]{9, 3}, m.test().oneHotLabels(DataType.FLOAT).shape());
        // the SHA-256 of every file read is in the descriptor and in the data record
        assertEquals(m.sha256().get(IdxRole.TEST_LABELS.fileName()),
                m.descriptor().file(IdxRole.TEST_LABELS).sha256());
    }

    @Test
    void imagesWithChannelsAreRead() throws IOException {
        SyntheticIdx.write(dir, 8, 8, 2, 4, 2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (int v : new int[]{IdxReader.CHANNEL_IMAGES_MAGIC, 4, 3, 8, 8}) {
            out.writeInt(v);
        }
        for (int i = 0; i < 4 * 3 * 64; i++) {
            out.writeByte(i % 251);
        }
        Files.write(dir.resolve(IdxRole.TRAIN_IMAGES.fileName()), bytes.toByteArray());
        // the test images are grey: refused, naming the split and both shapes
        DataException e = assertThrows(DataException.class, () -> Datasets.load(Datasets.Id.IDX, dir));
        assertTrue(e.getMessage().contains("(test): images are 1x8x8, expected 3x8x8"), e.getMessage());
    }

    @Test
    void idxNeedsADirectory() {
        DataException e = assertThrows(DataException.class, () -> Datasets.load(Datasets.Id.IDX, null));
        assertTrue(e.getMessage().contains("--data-dir"), e.getMessage());
    }

    @Test
    void testAndTrainShapesMustAgree() throws IOException {
        SyntheticIdx.write(dir, 20, 20, 3, 6, 3);
        Files.write(dir.resolve(IdxRole.TEST_IMAGES.fileName()),
                SyntheticIdx.images(new int[]{0, 1, 2}, 16, 16, 3, new Random(1)));
        DataException e = assertThrows(DataException.class, () -> Datasets.load(Datasets.Id.IDX, dir));
        assertTrue(e.getMessage().contains("(test): images are 16x16, expected 20x20"), e.getMessage());
    }

    @Test
    void aSingleClassIsRefused() throws IOException {
        SyntheticIdx.write(dir, 4, 4, 2, 2, 1);
        Files.write(dir.resolve(IdxRole.TRAIN_LABELS.fileName()), SyntheticIdx.labelFile(new int[]{0, 0}));
        DataException e = assertThrows(DataException.class, () -> Datasets.load(Datasets.Id.IDX, dir));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte: every label is 0"), e.getMessage());
    }

    /** Replaces one file of a good directory with {@code content} and returns the loader's message. */
    private String brokenFile(IdxRole role, byte[] content) throws IOException {
        SyntheticIdx.write(dir, 20, 20, 3, 6, 3);
        Files.write(dir.resolve(role.fileName()), content);
        DataException e = assertThrows(DataException.class, () -> Datasets.load(Datasets.Id.IDX, dir));
        return e.getMessage();
    }

    @Test
    void wrongMagicNamesFileAndNumbers() throws IOException {
        String m = brokenFile(IdxRole.TRAIN_IMAGES, IdxReaderTest.labels(IdxReader.LABELS_MAGIC, 4, 4));
        assertTrue(m.contains("train-images-idx3-ubyte: wrong magic number 0x00000801"), m);
    }

    @Test
    void truncatedDataIsReported() throws IOException {
        String m = brokenFile(IdxRole.TEST_IMAGES, IdxReaderTest.images(IdxReader.IMAGES_MAGIC, 3, 20, 20, 1100));
        assertTrue(m.contains("t10k-images-idx3-ubyte: truncated"), m);
    }

    @Test
    void truncatedHeaderIsReported() throws IOException {
        byte[] full = IdxReaderTest.images(IdxReader.IMAGES_MAGIC, 3, 20, 20, 1200);
        String m = brokenFile(IdxRole.TEST_IMAGES, Arrays.copyOf(full, 6));
        assertTrue(m.contains("t10k-images-idx3-ubyte: truncated file (ends inside the header"), m);
    }

    @Test
    void trailingBytesAreReported() throws IOException {
        String m = brokenFile(IdxRole.TRAIN_LABELS, IdxReaderTest.labels(IdxReader.LABELS_MAGIC, 6, 8));
        assertTrue(m.contains("train-labels-idx1-ubyte: trailing bytes"), m);
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        String m = brokenFile(IdxRole.TRAIN_LABELS, SyntheticIdx.labelFile(new int[]{0, 1, 2, 0, 1}));
        assertTrue(m.contains("(train): 6 images but 5 labels"), m);
    }

    @Test
    void missingFileInDirectoryListsWhatWasFound() throws IOException {
        SyntheticIdx.write(dir, 20, 20, 3, 6, 3);
        Files.delete(dir.resolve(IdxRole.TEST_LABELS.fileName()));
        DataException e = assertThrows(DataException.class, () -> Datasets.load(Datasets.Id.IDX, dir));
        assertTrue(e.getMessage().contains("missing t10k-labels-idx1-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
    }

    @Test
    void missingDirectoryIsReported() {
        DataException e = assertThrows(DataException.class,
                () -> Datasets.load(Datasets.Id.IDX, dir.resolve("nope")));
        assertTrue(e.getMessage().endsWith("nope: data directory not found"), e.getMessage());
    }

    @Test
    void aCorruptCopyOfABuiltInDatasetIsNamed() throws IOException {
        // a folder whose test labels are Fashion-MNIST's but whose training labels differ at the same size
        SyntheticIdx.write(dir, 28, 28, 10, 10, 10);
        DatasetDescriptor f = Datasets.FASHION_MNIST;
        byte[] labels = Files.readAllBytes(dir.resolve(IdxRole.TEST_LABELS.fileName()));
        DatasetDescriptor fake = new DatasetDescriptor(f.name(), f.shape(), f.classNames(), java.util.List.of(
                f.files().get(0), new DataFile(IdxRole.TRAIN_LABELS.fileName(), "0".repeat(64), 18),
                f.files().get(2), new DataFile(IdxRole.TEST_LABELS.fileName(),
                        io.github.invertible.common.Checksums.sha256(dir.resolve(IdxRole.TEST_LABELS.fileName())),
                        labels.length)), 255, f.source(), dir.toString(), true);
        DataException e = assertThrows(DataException.class, () -> ImageDataset.load(dir, fake));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte: corrupt copy of Fashion-MNIST's"), e.getMessage());
    }

    @Test
    void labelsOutsideTheClassesOfABuiltInDatasetAreRefused() throws IOException {
        SyntheticIdx.write(dir, 28, 28, 10, 12, 2);
        Files.write(dir.resolve(IdxRole.TEST_LABELS.fileName()), SyntheticIdx.labelFile(new int[]{3, 11}));
        DatasetDescriptor standIn = SyntheticIdx.as(Datasets.FASHION_MNIST, dir);
        DataException e = assertThrows(DataException.class, () -> ImageDataset.load(dir, standIn));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte: label 11 at index 1 is not one of the 10 classes"),
                e.getMessage());
    }
}
