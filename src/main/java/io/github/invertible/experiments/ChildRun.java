package io.github.invertible.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the application's commands run in a child JVM with the memory limits a user would set, watched for
 * its peak resident memory (B4, docs/DESIGN.md §10.3). A child because resident memory never shrinks back in
 * a process that has already run something larger: only a fresh process measures one job's peak.
 *
 * <p>The peak is the child's own {@code VmHWM} read from {@code /proc/PID/status} every 50 ms (monotonic, so
 * the last reading before exit is the peak, up to 50 ms of growth). Linux only; elsewhere -1.
 */
public final class ChildRun {
    /** What the child did: exit code, peak resident memory (MiB, -1 if unreadable), wall seconds, last output line. */
    public record Outcome(int exitCode, long peakResidentMiB, double seconds, String lastLine) {
    }

    private ChildRun() {
    }

    /**
     * Runs {@code io.github.invertible.cli.Main args} with the JVM options {@code jvmOptions} (heap and JavaCPP
     * limits) and the environment additions {@code env}, output to {@code log}.
     */
    public static Outcome command(List<String> jvmOptions, Map<String, String> env, List<String> args, Path log)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", GemmPeak.classPath(), "io.github.invertible.cli.Main"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        long peak = -1;
        while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, highWaterMiB(status));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String last = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
        return new Outcome(p.exitValue(), peak, seconds, last.strip());
    }

    private static long highWaterMiB(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the child is exiting or this is not Linux
        }
        return -1;
    }
}
