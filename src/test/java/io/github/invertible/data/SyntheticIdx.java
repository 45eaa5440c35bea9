package io.github.invertible.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Writes a small IDX dataset of any shape for tests: class c is a bright bar at row band c plus noise. */
public final class SyntheticIdx {
    private SyntheticIdx() {
    }

    /** The four files in {@code dir}: {@code train} and {@code test} images of rows × cols, labels 0..classes−1. */
    public static Path write(Path dir, int rows, int cols, int classes, int train, int test) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(rows * 31L + cols);
        int[] trainLabels = labels(train, classes);
        int[] testLabels = labels(test, classes);
        Files.write(dir.resolve(IdxRole.TRAIN_IMAGES.fileName()), images(trainLabels, rows, cols, classes, r));
        Files.write(dir.resolve(IdxRole.TRAIN_LABELS.fileName()), labelFile(trainLabels));
        Files.write(dir.resolve(IdxRole.TEST_IMAGES.fileName()), images(testLabels, rows, cols, classes, r));
        Files.write(dir.resolve(IdxRole.TEST_LABELS.fileName()), labelFile(testLabels));
        return dir;
    }

    /**
     * {@code builtIn} with the published files replaced by the ones in {@code dir} (content SHA-256 and length):
     * a stand-in for a built-in dataset that tests can write, which passes its checksum verification.
     */
    public static DatasetDescriptor as(DatasetDescriptor builtIn, Path dir) {
        java.util.List<DataFile> files = new java.util.ArrayList<>();
        for (IdxRole r : IdxRole.values()) {
            DataIntegrity.Content c = DataIntegrity.content(ImageDataset.locate(dir, r));
            files.add(new DataFile(r.fileName(), c.sha256(), c.length()));
        }
        return new DatasetDescriptor(builtIn.name(), builtIn.shape(), builtIn.classNames(), files,
                builtIn.pixelScale(), builtIn.source(), dir.toString(), builtIn.mirrorInvariant());
    }

    private static int[] labels(int n, int classes) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = i % classes;
        }
        return l;
    }

    static byte[] images(int[] labels, int rows, int cols, int classes, Random r) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxReader.IMAGES_MAGIC);
        out.writeInt(labels.length);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int label : labels) {
            int band = label * rows / classes;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    boolean on = i >= band && i < band + Math.max(1, rows / classes);
                    out.writeByte(on ? 200 + r.nextInt(56) : r.nextInt(40));
                }
            }
        }
        return bytes.toByteArray();
    }

    /** An IDX label file holding {@code labels}. */
    public static byte[] labelFile(int... labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxReader.LABELS_MAGIC);
        out.writeInt(labels.length);
        for (int l : labels) {
            out.writeByte(l);
        }
        return bytes.toByteArray();
    }
}
