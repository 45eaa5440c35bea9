package io.github.invertible.bench;

import io.github.invertible.report.CsvTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * B4 (docs/DESIGN.md §10.3): the peak resident memory of the two jobs a user runs — the T1 inversion
 * ({@code invert}, 100 test digits per class, every method in turn) and training — each in a fresh JVM under two sets
 * of limits: the project's defaults ({@code .mvn/jvm.config}, what {@code mvn exec:java} runs with) and a
 * laptop budget. A job that does not fit its limits fails in its child, and the row says so.
 */
public final class MemoryBenchmarks {
    /**
     * The limits of {@code .mvn/jvm.config} ({@code MachineLimitsTest} checks they are the same). The heap free ratios
     * let the heap shrink back after a collection (the inversion asks for one per batch) instead of keeping up to 70 %
     * of it committed but free; they limit nothing.
     */
    public static final String PROJECT_LIMITS = "-Xmx4g -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 "
            + "-Dorg.bytedeco.javacpp.maxbytes=6G -Dorg.bytedeco.javacpp.maxphysicalbytes=6G";

    /** A budget for an 8 GB laptop with a browser beside it: 1 GB of heap, 1.5 GB of JavaCPP memory in all. */
    public static final String LAPTOP_LIMITS = "-Xmx1g -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 "
            + "-Dorg.bytedeco.javacpp.maxbytes=1g -Dorg.bytedeco.javacpp.maxphysicalbytes=1536m";

    private MemoryBenchmarks() {
    }

    /** The jobs B4 measures. */
    public record Jobs(List<String> invert, List<String> train) {
        /** T1's inversion of {@code model} and a short training (the default network, {@code batches} batches). */
        public static Jobs of(Path model, Path dataDir, String dataset, int perClass, int batch, int batches,
                              Path work) {
            return new Jobs(List.of("invert", "--model", model.toString(), "--per-class", Integer.toString(perClass),
                    "--out", work.resolve("invert").toString(), "--data-dir", dataDir.toString()),
                    List.of("train", "--dataset", dataset, "--data-dir", dataDir.toString(), "--epochs", "1",
                            "--validation", "0", "--batch", Integer.toString(batch), "--train-limit",
                            Integer.toString(batch * batches), "--test-limit", "1000", "--name", "b4-probe",
                            "--model-dir", work.resolve("model").toString(), "--fresh"));
        }
    }

    /** Runs both jobs under both limits and adds the four B4 rows. */
    public static void add(CsvTable t, Jobs jobs, Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        for (String[] limits : new String[][]{{"", PROJECT_LIMITS}, {" (laptop limits)", LAPTOP_LIMITS}}) {
            row(t, "B4 peak memory, inversion" + limits[0], limits[1], jobs.invert(), work, 1536,
                    "T1's inversion in a fresh JVM: invert --per-class, every method in turn");
            row(t, "B4 peak memory, training" + limits[0], limits[1], jobs.train(), work, 2048,
                    "training the default network in a fresh JVM (one short epoch, the data loaded in full)");
        }
    }

    private static void row(CsvTable t, String name, String limits, List<String> args, Path work, long goalMiB,
                            String what) throws IOException, InterruptedException {
        System.out.println(name + " ...");
        Path log = work.resolve(name.replaceAll("[^A-Za-z0-9]+", "-") + ".log");
        List<String> jvm = new ArrayList<>(Arrays.asList(limits.split(" ")));
        ChildRun.Outcome o = ChildRun.command(jvm, Map.of(), args, log);
        t.add(name, o.exitCode() == 0 ? (double) o.peakResidentMiB() : null, (double) goalMiB,
                o.exitCode() == 0 ? o.peakResidentMiB() / (double) goalMiB : null, "MiB",
                String.format(Locale.ROOT, "%s; VmHWM of the child, limits %s; %.0f s; %s; baseline = the goal",
                        what, limits, o.seconds(), o.exitCode() == 0 ? "completed"
                                : "FAILED (exit " + o.exitCode() + ": " + o.lastLine() + ")"));
    }
}
