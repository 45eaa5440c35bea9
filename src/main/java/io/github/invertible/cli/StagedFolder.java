package io.github.invertible.cli;

import io.github.invertible.common.OutputFolders;
import io.github.invertible.common.UserError;
import org.apache.commons.io.FileUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An output folder replaced only as a whole (DESIGN §9): a run works in a copy beside it
 * ({@code .NAME.staging}) and {@link #commit} swaps the copy in with two renames once every step succeeded. A run
 * that fails or is killed leaves the folder as it was; its staging copy is removed by the next run, and a kill
 * between the two renames (the old folder already {@code .NAME.previous}, the new one not yet in place) is undone
 * by {@link #recover}.
 */
final class StagedFolder {
    private final Path target;
    private final Path staging;
    private boolean open = true;

    private StagedFolder(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    static Path stagingOf(Path target) {
        return sibling(target, ".staging");
    }

    static Path previousOf(Path target) {
        return sibling(target, ".previous");
    }

    private static Path sibling(Path target, String suffix) {
        Path abs = target.toAbsolutePath().normalize();
        return abs.resolveSibling("." + abs.getFileName() + suffix);
    }

    /** Puts back the folder a run killed in the middle of its swap had moved aside; removes a stale staging copy. */
    static void recover(Path target) {
        Path previous = previousOf(target);
        try {
            if (!Files.exists(target) && Files.isDirectory(previous)) {
                Files.move(previous, target, StandardCopyOption.ATOMIC_MOVE);
                System.out.println("Restored " + target + " from " + previous + " (a run was stopped while swapping)");
            }
            FileUtils.deleteDirectory(previous.toFile());
            FileUtils.deleteDirectory(stagingOf(target).toFile());
        } catch (IOException e) {
            throw new UserError(target + ": cannot clean up after an interrupted run (" + OutputFolders.reason(e)
                    + ")", e);
        }
    }

    /** A staging copy of {@code target} (an existing, writable folder) to work in. */
    static StagedFolder begin(Path target) {
        recover(target);
        Path staging = stagingOf(target);
        try {
            FileUtils.copyDirectory(target.toFile(), staging.toFile(), true);
        } catch (IOException e) {
            throw new UserError(target + ": cannot copy it to " + staging + " to work in (" + OutputFolders.reason(e)
                    + ")", e);
        }
        return new StagedFolder(target, staging);
    }

    Path dir() {
        return staging;
    }

    /** Swaps the staging copy in: the old folder aside, the new one in place, the old one deleted. */
    void commit() {
        Path previous = previousOf(target);
        try {
            Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            open = false;
            FileUtils.deleteDirectory(previous.toFile());
        } catch (IOException e) {
            throw new UserError(target + ": cannot swap in the new results from " + staging + " ("
                    + OutputFolders.reason(e) + ")", e);
        }
    }

    /** After a failure: the staging copy is deleted, the folder keeps its earlier content. */
    void discardIfOpen() {
        if (open) {
            open = false;
            FileUtils.deleteQuietly(staging.toFile());
        }
    }
}
