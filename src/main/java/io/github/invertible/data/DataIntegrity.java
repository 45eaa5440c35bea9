package io.github.invertible.data;

import io.github.invertible.common.Checksums;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Checks a folder given for a built-in dataset against its published files (data/SHA256SUMS, the descriptor's
 * {@link DataFile}s): every one of the four files must have exactly the published content (raw, or after
 * decompressing a .gz). A file of the published size but another content is named a corrupt copy; any other file
 * is named as not the dataset's. Both stop the run with one line that points to {@code --dataset idx}, the way
 * to read other data, which is then named by its own content ({@link DatasetDescriptor#label()}), never by a
 * built-in name (DESIGN §9).
 */
public final class DataIntegrity {
    private DataIntegrity() {
    }

    /** SHA-256 and length of a file's content (decompressed when gzipped). */
    record Content(String sha256, long length) {
    }

    /**
     * What was read: the SHA-256 of each file as stored (of the .gz for a gzipped file), by file name, and of
     * each file's content (decompressed), by role.
     */
    record Verified(Map<String, String> stored, Map<IdxRole, Content> contents) {
    }

    /**
     * Verifies the located files against {@code expected}'s published files (none for {@code idx}).
     *
     * @throws DataException naming the file when it is not the published file of a built-in dataset
     */
    static Verified verify(Map<IdxRole, Path> files, DatasetDescriptor expected) {
        Map<IdxRole, Content> contents = new EnumMap<>(IdxRole.class);
        boolean copy = false;
        for (Map.Entry<IdxRole, Path> e : files.entrySet()) {
            Content c = content(e.getValue());
            contents.put(e.getKey(), c);
            DataFile ref = expected == null ? null : expected.file(e.getKey());
            copy |= ref != null && c.sha256().equals(ref.sha256());
        }
        if (expected != null && expected.file(IdxRole.TRAIN_IMAGES) != null) {
            String other = "; to read other data in the IDX format pass --dataset idx";
            // a copy with a damaged file is named as such first: the likeliest case, and the most useful message
            for (int pass = copy ? 0 : 1; pass < 2; pass++) {
                for (Map.Entry<IdxRole, Path> e : files.entrySet()) {
                    DataFile f = expected.file(e.getKey());
                    Content c = contents.get(e.getKey());
                    if (c.sha256().equals(f.sha256())) {
                        continue;
                    }
                    if (pass == 0 && c.length() == f.length()) {
                        throw new DataException(String.format("%s: corrupt copy of %s's %s (same size, SHA-256 of "
                                        + "the content %s, expected %s as in data/SHA256SUMS)%s", e.getValue(),
                                displayName(expected), f.fileName(), c.sha256(), f.sha256(), other));
                    }
                    if (pass == 1) {
                        throw new DataException(String.format("%s: not %s's %s (%d bytes, SHA-256 of the content %s; "
                                        + "expected %d bytes, %s as in data/SHA256SUMS)%s", e.getValue(),
                                displayName(expected), f.fileName(), c.length(), c.sha256(), f.length(), f.sha256(),
                                other));
                    }
                }
            }
        }
        Map<String, String> stored = new LinkedHashMap<>();
        for (Map.Entry<IdxRole, Path> e : files.entrySet()) {
            Path p = e.getValue();
            boolean gz = p.getFileName().toString().endsWith(".gz");
            stored.put(p.getFileName().toString(), gz ? Checksums.sha256(p) : contents.get(e.getKey()).sha256());
        }
        return new Verified(stored, contents);
    }

    static String displayName(DatasetDescriptor d) {
        return switch (d.name()) {
            case "mnist" -> "MNIST";
            case "fashion-mnist" -> "Fashion-MNIST";
            default -> d.name();
        };
    }

    static Content content(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            boolean gz = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long n = 0;
            try (InputStream in = new DigestInputStream(gz ? new GZIPInputStream(raw, 1 << 16) : raw, digest)) {
                byte[] buf = new byte[1 << 16];
                for (int k; (k = in.read(buf)) > 0; ) {
                    n += k;
                }
            }
            return new Content(HexFormat.of().formatHex(digest.digest()), n);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }
}
