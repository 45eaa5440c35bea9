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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Checks a user's copy of a built-in dataset against its published files (data/SHA256SUMS, the descriptor's
 * {@link DataFile}s). A folder is taken for a copy when at least one of its four files has exactly the published
 * content (raw, or after decompressing a .gz); then every file of the folder whose content has the size of its
 * published counterpart must be that file, byte for byte: a flipped byte stops the run with one line. A folder
 * none of whose files is the dataset's (other data in the IDX format with the same sizes) is accepted as other
 * data, as before datasets had descriptors; its SHA-256s are recorded with every result (DESIGN §9).
 */
public final class DataIntegrity {
    private DataIntegrity() {
    }

    /** SHA-256 and length of a file's content (decompressed when gzipped). */
    record Content(String sha256, long length) {
    }

    /**
     * Verifies the located files against {@code expected}'s published files (none for {@code idx}) and returns
     * the SHA-256 of each file as stored, by file name.
     *
     * @throws DataException naming the file when a copy of the dataset differs from the published file
     */
    static Map<String, String> verify(Map<IdxRole, Path> files, DatasetDescriptor expected) {
        Map<IdxRole, Content> contents = new LinkedHashMap<>();
        boolean copy = false;
        for (Map.Entry<IdxRole, Path> e : files.entrySet()) {
            Content c = content(e.getValue());
            contents.put(e.getKey(), c);
            DataFile ref = expected == null ? null : expected.file(e.getKey());
            copy |= ref != null && c.sha256().equals(ref.sha256());
        }
        if (copy) {
            for (Map.Entry<IdxRole, Path> e : files.entrySet()) {
                DataFile f = expected.file(e.getKey());
                Content c = contents.get(e.getKey());
                if (c.length() == f.length() && !c.sha256().equals(f.sha256())) {
                    throw new DataException(String.format("%s: corrupt copy of %s's %s (same size, SHA-256 of the "
                                    + "content %s, expected %s as in data/SHA256SUMS)", e.getValue(),
                            displayName(expected), f.fileName(), c.sha256(), f.sha256()));
                }
            }
        }
        Map<String, String> stored = new LinkedHashMap<>();
        for (Map.Entry<IdxRole, Path> e : files.entrySet()) {
            Path p = e.getValue();
            boolean gz = p.getFileName().toString().endsWith(".gz");
            stored.put(p.getFileName().toString(), gz ? Checksums.sha256(p) : contents.get(e.getKey()).sha256());
        }
        return stored;
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
