package io.github.invertible.training;

import io.github.invertible.common.OutputFolders;
import io.github.invertible.common.UserError;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * One training run per model name: a lock file {@code <model-dir>/checkpoints/<name>.lock} naming the holder
 * (PID and the process's start time, so a recycled PID is not mistaken for the holder). Created atomically
 * (hard link of a filled temp file: either the whole lock appears or none); a lock whose holder is no longer
 * running (a killed run) is stale and taken over. Hand-written: {@code FileChannel.tryLock} would also release
 * on a kill, but cannot tell the second run WHO holds the model.
 */
public final class ModelLock implements AutoCloseable {
    private final Path file;
    private final String content;
    private final Thread hook;

    private ModelLock(Path file, String content) {
        this.file = file;
        this.content = content;
        this.hook = new Thread(this::release, "release " + file.getFileName());
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Takes the lock for {@code name} or stops with one line naming the process that holds it. */
    public static ModelLock acquire(Path lockFile) {
        ProcessHandle me = ProcessHandle.current();
        String content = describe(me);
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Files.createDirectories(lockFile.getParent());
                Path tmp = Files.createTempFile(lockFile.getParent(), lockFile.getFileName().toString(), ".tmp");
                try {
                    Files.writeString(tmp, content);
                    Files.createLink(lockFile, tmp); // atomic; fails if a lock exists
                    return new ModelLock(lockFile, content);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } catch (FileAlreadyExistsException held) {
                Optional<String> holder = liveHolder(lockFile);
                if (holder.isPresent()) {
                    throw new UserError("model is in use by another run (" + holder.get() + "); lock file "
                            + lockFile + " (delete it only if that process is not training this model)");
                }
                try {
                    Files.deleteIfExists(lockFile); // stale: its holder is gone
                    System.out.println("Removed a stale lock " + lockFile + " (its process is no longer running)");
                } catch (IOException e) {
                    throw new UserError(lockFile + ": cannot remove a stale lock (" + OutputFolders.reason(e) + ")", e);
                }
            } catch (IOException e) {
                throw new UserError(lockFile + ": cannot create the lock (" + OutputFolders.reason(e) + ")", e);
            }
        }
        throw new UserError(lockFile + ": cannot take the lock (other runs keep taking it)");
    }

    static String describe(ProcessHandle p) {
        String start = p.info().startInstant().map(Instant::toString).orElse("unknown");
        return "pid=" + p.pid() + "\nstart=" + start + "\n";
    }

    /** "pid 1234, started ..." when the process named in the lock file is running, empty when it is stale. */
    static Optional<String> liveHolder(Path lockFile) {
        String text;
        try {
            text = Files.readString(lockFile);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UserError(lockFile + ": cannot read the lock (" + OutputFolders.reason(e) + ")", e);
        }
        long pid = -1;
        String start = "unknown";
        for (String line : text.split("\n")) {
            if (line.startsWith("pid=")) {
                try {
                    pid = Long.parseLong(line.substring(4).strip());
                } catch (NumberFormatException e) {
                    pid = -1;
                }
            } else if (line.startsWith("start=")) {
                start = line.substring(6).strip();
            }
        }
        Optional<ProcessHandle> p = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
        if (p.isEmpty() || !p.get().isAlive()) {
            return Optional.empty();
        }
        String actualStart = p.get().info().startInstant().map(Instant::toString).orElse("unknown");
        if (!start.equals("unknown") && !actualStart.equals("unknown") && !start.equals(actualStart)) {
            return Optional.empty(); // the PID was reused by another process
        }
        return Optional.of("pid " + pid + ", started " + start);
    }

    /** Deletes the lock if it is still this run's. */
    public void release() {
        try {
            if (Files.isRegularFile(file) && Files.readString(file).equals(content)) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // the next run finds a lock of a dead process and takes it over
        }
    }

    @Override
    public void close() {
        release();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
