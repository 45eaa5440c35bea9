package io.github.invertible.common;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes that either complete or leave the previous file in place: temp file in the same folder, fsync,
 * atomic rename, fsync of the folder (so the rename itself survives a power cut). A process killed in
 * between leaves a {@code NAME<digits>.tmp} file, which {@link #removeOrphans} deletes on the next start.
 */
public final class AtomicFiles {
    /**
     * Test hook for the fault-injection suite (README, "Crash safety"): when this system property is set to N,
     * a write announces itself on stdout and pauses N ms before and after filling the temp file and before
     * the rename, so a test can kill the process inside the write. Unset in normal runs.
     */
    public static final String PAUSE_PROPERTY = "invnet.test.atomicWritePauseMillis";
    /** The line printed (with the target's file name) when the pause hook is active. */
    public static final String WRITE_MARKER = "atomic-write-begin ";

    private AtomicFiles() {
    }

    public interface Writer {
        void writeTo(Path tmp) throws IOException;
    }

    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        long pause = Long.getLong(PAUSE_PROPERTY, 0);
        if (pause > 0) {
            System.out.println(WRITE_MARKER + target.getFileName());
            System.out.flush();
        }
        Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try {
            pause(pause);
            writer.writeTo(tmp);
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                // temp files are created owner-only; outputs are ordinary files
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            fsync(tmp, false);
            pause(pause);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsync(dir, true);
            pause(pause);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, tmp -> Files.write(tmp, content));
    }

    /**
     * Deletes the temp files a killed write left in {@code dir} for targets whose file name starts with
     * {@code prefix} ({@code prefix*.tmp}); returns what it deleted.
     */
    public static List<Path> removeOrphans(Path dir, String prefix) throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return removed;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, glob(prefix) + "*.tmp")) {
            for (Path p : s) {
                if (Files.isRegularFile(p) && Files.deleteIfExists(p)) {
                    removed.add(p);
                }
            }
        }
        return removed;
    }

    private static String glob(String literal) {
        return literal.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
    }

    private static void fsync(Path p, boolean directory) throws IOException {
        try (FileChannel ch = FileChannel.open(p, directory ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (IOException e) {
            if (!directory) {
                throw e;
            }
            // some file systems refuse to open a folder for fsync; the rename is still atomic there
        }
    }

    private static void pause(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
