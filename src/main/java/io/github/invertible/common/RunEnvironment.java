package io.github.invertible.common;

import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Where and with what a result was produced: recorded beside every model and report. */
public final class RunEnvironment {
    private RunEnvironment() {
    }

    public static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timestamp", Instant.now().toString());
        m.put("gitCommit", gitCommit());
        m.put("backend", Nd4j.getBackend().getClass().getSimpleName());
        m.put("dl4jVersion", dl4jVersion());
        m.put("nd4jNativeBuild", nd4jNativeBuild());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("cpuExtensions", CpuFeatures.ofThisMachine().vectorExtensions());
        m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        m.put("java", System.getProperty("java.version"));
        m.put("ompNumThreads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        m.put("peakResidentMiB", peakResidentMiB());
        return m;
    }

    /** Version of deeplearning4j-nn on the class path (its Maven metadata), or "unknown". */
    public static String dl4jVersion() {
        return versionIn(RunEnvironment.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties"));
    }

    /** The {@code version} property of a properties resource (closed here), or "unknown" when absent or unreadable. */
    private static String versionIn(java.io.InputStream resource) {
        try (var in = resource) {
            if (in == null) {
                return "unknown";
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * The ND4J native jar in use with its classifier (e.g. {@code nd4j-native-1.0.0-M2.1-linux-x86_64-onednn-avx2}),
     * read from where its native libraries are found, or "unknown".
     */
    public static String nd4jNativeBuild() {
        try {
            var urls = RunEnvironment.class.getClassLoader().getResources("META-INF/native-image/");
            while (urls.hasMoreElements()) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(nd4j-native-[^/!]*?-(linux|windows|macosx)[^/!]*)\\.jar")
                        .matcher(urls.nextElement().toString());
                if (m.find()) {
                    return m.group(1);
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return shadedNativeBuild();
    }

    /** Manifest attribute of the runnable (shaded) jar naming the native build it carries (jar names are gone). */
    static final String NATIVE_BUILD_ATTRIBUTE = "Nd4j-Native-Build";

    /**
     * Inside the runnable jar, the native build its manifest names; "unknown" elsewhere (a consumer's own fat jar
     * drops this manifest, so a build it did not ship is never claimed).
     */
    private static String shadedNativeBuild() {
        try {
            var source = RunEnvironment.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation().getPath().endsWith(".jar")) {
                return nativeBuildOf(java.nio.file.Path.of(source.getLocation().toURI()));
            }
        } catch (java.net.URISyntaxException | SecurityException e) {
            // fall through
        }
        return "unknown";
    }

    /** The native build the manifest of {@code jar} names, or "unknown". */
    static String nativeBuildOf(java.nio.file.Path jar) {
        try (var file = new java.util.jar.JarFile(jar.toFile())) {
            var manifest = file.getManifest();
            String build = manifest == null ? null : manifest.getMainAttributes().getValue(NATIVE_BUILD_ATTRIBUTE);
            return build == null ? "unknown" : build;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** This project's version (written into the build by resource filtering), or "unknown". */
    public static String version() {
        return versionIn(RunEnvironment.class.getResourceAsStream("build.properties"));
    }

    /** Peak resident memory of this process so far (VmHWM), or -1 where /proc is not available. */
    public static long peakResidentMiB() {
        return peakResidentMiB(java.nio.file.Path.of("/proc/self/status"));
    }

    /** Peak resident memory (VmHWM) from a {@code /proc/PID/status} file, or -1 where it cannot be read. */
    public static long peakResidentMiB(java.nio.file.Path procStatus) {
        try {
            for (String line : java.nio.file.Files.readAllLines(procStatus)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process has exited: no figure
        }
        return -1;
    }

    /**
     * Resets the peak resident memory (VmHWM) to the current resident size, so the next reading measures
     * the work in between (Linux: writing 5 to /proc/self/clear_refs). Returns false where unsupported.
     */
    public static boolean resetPeakResident() {
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The HEAD commit (with "-dirty" when the tree has changes) when this JVM first asked, or "unknown" outside a git
     * checkout. Read once and kept: a result written hours later (a model, a report) names the code the run started
     * from, not a commit made while it ran; {@code Main} asks before any command starts.
     */
    public static String gitCommit() {
        return StartCommit.VALUE;
    }

    private static final class StartCommit { // initialised on first use, once per JVM
        static final String VALUE = headNow();
    }

    private static String headNow() {
        String head = run("git", "rev-parse", "--short=12", "HEAD");
        if (head == null) {
            return "unknown";
        }
        // the generated outputs (report, models) do not make the code dirty
        String status = run("git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                ":(exclude)notebooks-export", ":(exclude)model");
        return status != null && !status.isBlank() ? head + "-dirty" : head;
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
