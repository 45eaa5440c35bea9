package io.github.invertible.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Fetches Fashion-MNIST from Debian's package {@value #PACKAGE} (DESIGN §9): {@code apt-get download} (no root
 * needed) into a temp folder, the .deb unpacked in Java ({@link DebArchive}), the four gzipped IDX files
 * decompressed, each verified by SHA-256 against the descriptor and moved atomically into place. Where apt-get
 * does not exist, one line says how to pass the files with {@code --data-dir}.
 */
public final class DebFashionFetcher {
    public static final String PACKAGE = "dataset-fashion-mnist";
    public static final String VERSION = "0.0~git20200523.55506a9-1";
    /** Where the package installs the gzipped IDX files. */
    static final String MEMBER_DIR = "./usr/share/datasets/fashion-mnist/";

    private DebFashionFetcher() {
    }

    /** Makes sure {@code dir} holds the four verified files of {@code d}; fetches them only when missing. */
    public static void ensure(Path dir, DatasetDescriptor d) {
        if (allPresent(dir)) {
            return;
        }
        System.out.println("Fashion-MNIST not found in " + dir + "; fetching it with `apt-get download " + PACKAGE
                + "=" + VERSION + "` ...");
        try {
            Files.createDirectories(dir);
            Path work = Files.createTempDirectory(dir, ".fetch-");
            try {
                install(aptGetDownload(work), dir, d);
            } finally {
                FetchProcess.deleteRecursively(work);
            }
        } catch (IOException e) {
            throw new DataException("fetching Fashion-MNIST into " + dir + " failed: " + e.getMessage(), e);
        }
        System.out.println("Fashion-MNIST ready in " + dir + " (SHA-256 verified).");
    }

    private static boolean allPresent(Path dir) {
        for (IdxRole r : IdxRole.values()) {
            if (!Files.isRegularFile(dir.resolve(r.fileName()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Unpacks the package's four IDX files, verifies each decompressed file against {@code d} and moves the missing
     * ones into {@code dir} (a file that fails its check never appears there under its real name).
     */
    static void install(Path deb, Path dir, DatasetDescriptor d) throws IOException {
        Path work = Files.createTempDirectory(dir, ".unpack-");
        try {
            Map<String, Path> wanted = new LinkedHashMap<>();
            for (IdxRole r : IdxRole.values()) {
                wanted.put(MEMBER_DIR + r.fileName() + ".gz", work.resolve(r.fileName() + ".gz"));
            }
            DebArchive.extract(deb, wanted);
            for (IdxRole r : IdxRole.values()) {
                Path raw = work.resolve(r.fileName());
                try (InputStream in = new GZIPInputStream(Files.newInputStream(work.resolve(r.fileName() + ".gz")),
                        1 << 16)) {
                    Files.copy(in, raw, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new DataException(deb + ": " + MEMBER_DIR + r.fileName() + ".gz is not gzip data ("
                            + e.getMessage() + ")", e);
                }
                NpmMnistFetcher.verify(raw, d.file(r).sha256());
            }
            for (IdxRole r : IdxRole.values()) {
                Path target = dir.resolve(r.fileName());
                if (!Files.isRegularFile(target)) {
                    Files.move(work.resolve(r.fileName()), target, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } finally {
            FetchProcess.deleteRecursively(work);
        }
    }

    private static Path aptGetDownload(Path work) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder("apt-get", "download", PACKAGE + "=" + VERSION)
                    .directory(work.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new DataException("apt-get not found: Fashion-MNIST comes from Debian's package " + PACKAGE
                    + "; on other systems put its four IDX files (train-images-idx3-ubyte etc., raw or .gz) in a "
                    + "folder and pass --dataset fashion-mnist --data-dir DIR", e);
        }
        return FetchProcess.awaitArchive(p, work, out -> "`apt-get download " + PACKAGE + "=" + VERSION + "` failed: "
                + out.strip().replace('\n', ' ') + " (alternatively pass --data-dir with the four IDX files)",
                "Fashion-MNIST", ".deb", "`apt-get download` produced no .deb: ");
    }
}
