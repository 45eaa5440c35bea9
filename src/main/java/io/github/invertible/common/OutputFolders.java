package io.github.invertible.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks an output folder before any work is done, so a long run never fails at its very end. */
public final class OutputFolders {
    private OutputFolders() {
    }

    /**
     * Creates {@code dir} if needed and proves it writable by creating and deleting a probe file.
     *
     * @param option the option that named the folder, for the message (e.g. {@code --out})
     * @throws UserError one line naming the option, the folder and the cause
     */
    public static Path requireWritable(Path dir, String option) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError(option + " " + dir + ": is a file, not a folder");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError(option + " " + dir + ": cannot create the folder (" + reason(e) + ")", e);
        }
        try {
            Path probe = Files.createTempFile(dir, ".write-probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new UserError(option + " " + dir + ": folder is not writable (" + reason(e) + ")", e);
        }
        return dir;
    }

    /** The cause of an I/O failure in words (the exception class when the message is only a path). */
    public static String reason(IOException e) {
        String kind = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }
}
