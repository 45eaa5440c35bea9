package io.github.invertible.bench;

import io.github.invertible.common.RunEnvironment;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Child JVMs on this JVM's class path ({@link #javaCommand}; the GEMM measurement of B1 runs in one), and one of
 * the application's commands run in a child JVM with the memory limits a user would set, watched for its peak
 * resident memory (B4, docs/DESIGN.md §10.3). A child because resident memory never shrinks back in
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

    /** The command line of a child JVM running {@code main} with this JVM's class path (see {@link #classPath}). */
    public static List<String> javaCommand(List<String> jvmOptions, Class<?> main, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classPath(), main.getName()));
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Runs {@code io.github.invertible.cli.Main args} with the JVM options {@code jvmOptions} (heap and JavaCPP
     * limits) and the environment additions {@code env}, output to {@code log}.
     */
    public static Outcome command(List<String> jvmOptions, Map<String, String> env, List<String> args, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(javaCommand(jvmOptions, io.github.invertible.cli.Main.class, args)).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        long peak = -1;
        while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, RunEnvironment.peakResidentMiB(status));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String last = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
        return new Outcome(p.exitValue(), peak, seconds, last.strip());
    }

    /**
     * This JVM's class path as a child can use it: under {@code mvn exec:java} the project's classes live in
     * the plugin's class loader, not in {@code java.class.path}, so the loader's URLs come first.
     */
    static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader l = ChildRun.class.getClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    if ("file".equals(url.getProtocol())) {
                        entries.add(new File(url.getPath()).getPath());
                    }
                }
            }
        }
        // under surefire java.class.path may be a manifest-only jar; the test class path is the real one
        String plain = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String e : plain.split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
