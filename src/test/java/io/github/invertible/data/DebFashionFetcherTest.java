package io.github.invertible.data;

import io.github.invertible.common.Checksums;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Fashion-MNIST install path on a small synthetic .deb written here with commons-compress (ar of
 * debian-binary, control.tar.xz and data.tar.xz with the four gzipped IDX files where the real package has them).
 */
class DebFashionFetcherTest {
    @TempDir
    Path dir;

    /** The raw IDX files of a tiny dataset, by name. */
    private Map<String, byte[]> idxFiles() throws IOException {
        Path src = SyntheticIdx.write(dir.resolve("src"), 28, 28, 10, 20, 10);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (IdxRole r : IdxRole.values()) {
            files.put(r.fileName(), Files.readAllBytes(src.resolve(r.fileName())));
        }
        return files;
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(b)) {
            out.write(raw);
        }
        return b.toByteArray();
    }

    private static byte[] tarXz(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new XZCompressorOutputStream(b))) {
            for (String dirName : List.of("./", "./usr/", "./usr/share/", "./usr/share/datasets/",
                    DebFashionFetcher.MEMBER_DIR)) {
                tar.putArchiveEntry(new TarArchiveEntry(dirName));
                tar.closeArchiveEntry();
            }
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry t = new TarArchiveEntry(e.getKey());
                t.setSize(e.getValue().length);
                tar.putArchiveEntry(t);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return b.toByteArray();
    }

    /** A .deb whose data tarball holds {@code members} (path in the tarball -> content). */
    private Path deb(Map<String, byte[]> members) throws IOException {
        Path deb = dir.resolve("test.deb");
        Map<String, byte[]> ar = new LinkedHashMap<>();
        ar.put("debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
        ar.put("control.tar.xz", tarXz(Map.of()));
        ar.put("data.tar.xz", tarXz(members));
        try (ArArchiveOutputStream out = new ArArchiveOutputStream(Files.newOutputStream(deb))) {
            for (Map.Entry<String, byte[]> e : ar.entrySet()) {
                out.putArchiveEntry(new ArArchiveEntry(e.getKey(), e.getValue().length));
                out.write(e.getValue());
                out.closeArchiveEntry();
            }
        }
        return deb;
    }

    private Map<String, byte[]> packaged(Map<String, byte[]> raw) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : raw.entrySet()) {
            m.put(DebFashionFetcher.MEMBER_DIR + e.getKey() + ".gz", gzip(e.getValue()));
        }
        m.put("./usr/share/doc/dataset-fashion-mnist/copyright", "MIT".getBytes(StandardCharsets.US_ASCII));
        return m;
    }

    /** Fashion-MNIST's descriptor with the SHA-256 of the given files in place of the published ones. */
    private static DatasetDescriptor descriptorOf(Map<String, byte[]> raw, String wrongFile) throws IOException {
        List<DataFile> files = new ArrayList<>();
        for (IdxRole r : IdxRole.values()) {
            byte[] b = raw.get(r.fileName());
            String sha = r.fileName().equals(wrongFile) ? "f".repeat(64) : sha256(b);
            files.add(new DataFile(r.fileName(), sha, b.length));
        }
        DatasetDescriptor f = Datasets.FASHION_MNIST;
        return new DatasetDescriptor(f.name(), f.shape(), f.classNames(), files, 255, f.source(), f.directory(), true);
    }

    private static String sha256(byte[] b) throws IOException {
        Path t = Files.createTempFile("sha", ".bin");
        try {
            Files.write(t, b);
            return Checksums.sha256(t);
        } finally {
            Files.delete(t);
        }
    }

    @Test
    void unpacksVerifiesAndInstallsTheFourFiles() throws IOException {
        Map<String, byte[]> raw = idxFiles();
        Path target = Files.createDirectories(dir.resolve("fashion-mnist"));
        DebFashionFetcher.install(deb(packaged(raw)), target, descriptorOf(raw, null));
        for (Map.Entry<String, byte[]> e : raw.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(target.resolve(e.getKey())), e.getKey());
        }
        try (Stream<Path> s = Files.list(target)) {
            assertEquals(4, s.count(), "only the four IDX files, no temp folder left");
        }
        // and the folder loads as that dataset
        ImageDataset m = ImageDataset.load(target, descriptorOf(raw, null));
        assertEquals(20, m.train().size());
        assertEquals("Ankle boot", m.descriptor().className(9));
    }

    @Test
    void aWrongHashInstallsNothing() throws IOException {
        Map<String, byte[]> raw = idxFiles();
        Path target = Files.createDirectories(dir.resolve("fashion-mnist"));
        DataException e = assertThrows(DataException.class, () -> DebFashionFetcher.install(deb(packaged(raw)),
                target, descriptorOf(raw, IdxRole.TEST_LABELS.fileName())));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte: checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("f".repeat(64)), e.getMessage());
        try (Stream<Path> s = Files.list(target)) {
            assertEquals(0, s.count(), "no file of a package that failed its check, no temp folder");
        }
    }

    @Test
    void aMissingMemberIsNamed() throws IOException {
        Map<String, byte[]> raw = idxFiles();
        Map<String, byte[]> members = packaged(raw);
        members.remove(DebFashionFetcher.MEMBER_DIR + IdxRole.TRAIN_LABELS.fileName() + ".gz");
        Path target = Files.createDirectories(dir.resolve("fashion-mnist"));
        Path deb = deb(members);
        DataException e = assertThrows(DataException.class, () -> DebFashionFetcher.install(deb, target,
                descriptorOf(raw, null)));
        assertTrue(e.getMessage().contains("test.deb: package has no " + DebFashionFetcher.MEMBER_DIR
                + "train-labels-idx1-ubyte.gz"), e.getMessage());
    }

    @Test
    void aFileThatIsNotADebIsNamed() throws IOException {
        Path notDeb = Files.write(dir.resolve("x.deb"), "hello, not an ar archive".getBytes(StandardCharsets.US_ASCII));
        DataException e = assertThrows(DataException.class,
                () -> DebArchive.extract(notDeb, Map.of("./a", dir.resolve("a"))));
        assertTrue(e.getMessage().startsWith(notDeb.toString()), e.getMessage());
        assertFalse(Files.exists(dir.resolve("a")));
    }

    @Test
    void thePublishedHashesAreTheOnesInDataSha256sums() throws IOException {
        List<String> sums = Files.readAllLines(Path.of("data", "SHA256SUMS"));
        for (DataFile f : Datasets.FASHION_MNIST.files()) {
            assertTrue(sums.contains(f.sha256() + "  fashion-mnist/" + f.fileName()), f.fileName());
        }
    }
}
