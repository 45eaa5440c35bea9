package io.github.invertible.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST format), raw or gzip-compressed (detected by content, not name).
 * Every malformed file is reported as a {@link DataException} naming the file and the problem.
 */
public final class IdxReader {
    /** Magic numbers: 0x00 0x00, type 0x08 (unsigned byte), then the number of dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;
    /** Images with channels: count, channels, rows, columns (the {@code [N,C,H,W]} order of the networks). */
    public static final int CHANNEL_IMAGES_MAGIC = 0x00000804;
    /** Largest image accepted (channels × rows × columns), checked before anything is allocated. */
    static final long MAX_IMAGE_BYTES = 1L << 24;

    private IdxReader() {
    }

    /** Images as unsigned bytes, {@code [count][channels*rows*cols]}. */
    public static IdxImages readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file, "magic number");
            if (magic != IMAGES_MAGIC && magic != CHANNEL_IMAGES_MAGIC) {
                throw new DataException(String.format(
                        "%s: wrong magic number 0x%08X, expected 0x%08X for an IDX image file",
                        file, magic, IMAGES_MAGIC));
            }
            int count = readPositive(in, file, "image count");
            int channels = magic == CHANNEL_IMAGES_MAGIC ? readPositive(in, file, "channel count") : 1;
            int rows = readPositive(in, file, "row count");
            int cols = readPositive(in, file, "column count");
            if ((long) channels * rows * cols > MAX_IMAGE_BYTES) { // sane bound: 16 M pixels per image
                throw new DataException(String.format("%s: invalid image size %dx%dx%d in the header",
                        file, channels, rows, cols));
            }
            int size = channels * rows * cols;
            long header = 4L * (magic == CHANNEL_IMAGES_MAGIC ? 5 : 4);
            boolean sized = requireSize(file, header, count, size, "images");
            // a gzipped file's size is known only once read: grow with the data, never trust the header's count
            List<byte[]> pixels = new ArrayList<>(sized ? count : Math.min(count, 1024));
            for (int i = 0; i < count; i++) {
                byte[] image = new byte[size];
                readFully(in, image, file, i, count);
                pixels.add(image);
            }
            requireEnd(in, file);
            return new IdxImages(pixels.toArray(byte[][]::new), channels, rows, cols);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Labels as unsigned bytes. */
    public static byte[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file, "magic number");
            if (magic != LABELS_MAGIC) {
                throw new DataException(String.format(
                        "%s: wrong magic number 0x%08X, expected 0x%08X for an IDX label file",
                        file, magic, LABELS_MAGIC));
            }
            int count = readPositive(in, file, "label count");
            requireSize(file, 8, count, 1, "labels");
            byte[] labels = in.readNBytes(count); // grows with the data read (a gzipped file's size is unknown)
            if (labels.length < count) {
                throw new DataException(String.format("%s: truncated file (header announces %d labels, data ends "
                        + "at label %d)", file, count, labels.length));
            }
            requireEnd(in, file);
            return labels;
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Checks the header's count against the size of a raw file before anything is allocated (a header announcing
     * 2^31 - 1 items must not cost 2 GB); returns false for a gzipped file, whose size is known only once read.
     */
    private static boolean requireSize(Path file, long header, int count, int itemBytes, String what)
            throws IOException {
        if (isGzip(file)) {
            return false;
        }
        long have = Files.size(file) - header;
        long need = (long) count * itemBytes;
        if (have < need) {
            throw new DataException(String.format("%s: truncated file (header announces %d %s = %d bytes of data, "
                    + "the file holds %d)", file, count, what, need, have));
        }
        if (have > need) {
            throw new DataException(String.format("%s: trailing bytes after the announced items (header announces "
                    + "%d %s = %d bytes of data, the file holds %d; wrong header or corrupt file)", file, count, what,
                    need, have));
        }
        return true;
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + ": file not found");
        }
        InputStream raw;
        try {
            raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": file not found", e);
        }
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        }
        return new DataInputStream(raw);
    }

    private static int readHeaderInt(DataInputStream in, Path file, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DataException(file + ": truncated file (ends inside the header, at the " + what + ")", e);
        }
    }

    private static int readPositive(DataInputStream in, Path file, String what) throws IOException {
        int v = readHeaderInt(in, file, what);
        if (v <= 0) {
            throw new DataException(file + ": invalid " + what + " " + v + " in the header");
        }
        return v;
    }

    private static void readFully(DataInputStream in, byte[] dst, Path file, int item, int count)
            throws IOException {
        try {
            in.readFully(dst);
        } catch (EOFException e) {
            throw new DataException(String.format(
                    "%s: truncated file (header announces %d items, data ends at item %d)", file, count, item), e);
        }
    }

    private static void requireEnd(DataInputStream in, Path file) throws IOException {
        if (in.read() != -1) {
            throw new DataException(file + ": trailing bytes after the announced items (wrong header or corrupt file)");
        }
    }
}
