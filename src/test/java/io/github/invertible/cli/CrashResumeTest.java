package io.github.invertible.cli;

import io.github.invertible.common.AtomicFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault injection (README, "Crash safety"): trains a tiny network in a child JVM, kills it with SIGKILL
 * ({@code Process.destroyForcibly}) at random instants — half of them inside a checkpoint write, found with the
 * {@link AtomicFiles#PAUSE_PROPERTY} hook, which announces each write and stretches it — reruns it after each
 * kill, lets the last run finish, and compares the final weights byte for byte with an uninterrupted run's.
 * {@code -Dkill.points=N} sets the number of kills (default 4, the CI size; README gives the long command),
 * {@code -Dkill.seed} the random instants.
 */
class CrashResumeTest {
    static final String[] TINY = {"train", "--units", "1", "--width1", "4", "--hidden1", "8", "--hidden2", "16",
            "--head-conv-layers", "0", "--head", "32", "--batch", "64", "--train-limit", "192", "--test-limit", "200",
            "--epochs", "3", "--name", "tiny", "--validation", "200"}; // a small split: its evaluation resumes too
    static final int KILLS_PER_CHAIN = 6;
    static final long PAUSE_MS = 300;

    @TempDir
    Path dir;

    /** The constraint of the run under test: tied (no training state besides the updater) or lipschitz:C. */
    private String constraint = "tied";

    /**
     * lipschitz:C keeps training state in its constraint (the power-iteration vectors), which the checkpoint must
     * carry for the resumed run to be bit-identical.
     */
    @ParameterizedTest
    @MethodSource("modes")
    void killedRunsResumeToBitIdenticalWeights(String constraint) throws Exception {
        this.constraint = constraint;
        int killPoints = Integer.getInteger("kill.points", 4);
        Random random = new Random(Long.getLong("kill.seed", 17));
        Path refDir = dir.resolve("reference");
        long t0 = System.nanoTime();
        Run ref = run(refDir, false, -1, 0, random);
        double refSeconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, ref.exitCode, "uninterrupted run failed:\n" + ref.output);
        String expected = weights(refDir.resolve("tiny.zip"));

        int tried = 0;
        int insideWrites = 0;
        int survived = 0;
        int chains = 0;
        List<String> log = new ArrayList<>();
        while (tried < killPoints) {
            Path chainDir = dir.resolve("chain" + chains++);
            int kills = 0;
            int chainInside = 0;
            while (kills < Math.min(KILLS_PER_CHAIN, killPoints - tried)) {
                boolean inside = (tried + kills) % 2 == 1;
                // inside a write: after the k-th checkpoint write begins, 0..3 pauses later; else any instant
                Run r = inside ? run(chainDir, true, 1 + random.nextInt(3), (long) (random.nextDouble() * 3 * PAUSE_MS), random)
                        : run(chainDir, false, -1, (long) (random.nextDouble() * refSeconds * 1000), random);
                if (r.killed) {
                    kills++;
                    chainInside += r.insideWrite ? 1 : 0;
                    log.add(r.describe());
                } else {
                    // the run finished (or its checkpoint was already past the chosen write) before the kill
                    assertEquals(0, r.exitCode, "run failed:\n" + r.output);
                    break;
                }
            }
            Run last = run(chainDir, false, -1, 0, random);
            assertEquals(0, last.exitCode, "resumed run failed:\n" + last.output);
            String got = weights(chainDir.resolve("tiny.zip"));
            tried += kills;
            insideWrites += chainInside;
            if (got.equals(expected)) {
                survived += kills;
            }
            assertEquals(expected, got, "weights differ after kills " + log);
            assertNoTempFiles(chainDir);
            if (kills == 0 && chains > 3 * killPoints) {
                break; // guard: no kill could be placed
            }
        }
        String summary = String.format(Locale.ROOT, "kill points tried %d, inside checkpoint writes %d, survived "
                + "bit-identical %d, chains %d, uninterrupted run %.1f s", tried, insideWrites, survived, chains, refSeconds);
        summary = constraint + ": " + summary;
        System.out.println("CrashResumeTest: " + summary);
        Files.writeString(Path.of("target", "crash-resume-summary-" + constraint.replace(':', '-') + ".txt"), summary + "\n" + String.join("\n", log) + "\n");
        assertTrue(tried >= killPoints, summary);
        assertEquals(tried, survived, summary);
    }

    /** The constraint modes under test: both by default, {@code -Dkill.modes=lipschitz:0.9} for one of them. */
    static Stream<String> modes() {
        return Stream.of(System.getProperty("kill.modes", "tied,lipschitz:0.9").split(",")).map(String::trim);
    }

    /** SHA-256 of the weights inside a model zip (the zip's other entries hold run times). */
    static String weights(Path zip) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile()); InputStream in = z.getInputStream(z.getEntry("coefficients.bin"))) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(in.readAllBytes());
            return HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertNoTempFiles(Path modelDir) throws IOException {
        try (Stream<Path> s = Files.walk(modelDir)) {
            List<Path> tmp = s.filter(p -> p.getFileName().toString().endsWith(".tmp")
                    || p.getFileName().toString().endsWith(".lock")).toList();
            assertTrue(tmp.isEmpty(), "left behind: " + tmp);
        }
    }

    record Run(int exitCode, boolean killed, boolean insideWrite, long afterMillis, String output) {
        String describe() {
            return (insideWrite ? "inside checkpoint write" : "at") + " +" + afterMillis + " ms";
        }
    }

    /**
     * One child run of {@link #TINY} in {@code modelDir}. {@code writeIndex} >= 1: kill {@code delay} ms after the
     * start of that checkpoint write; 0 < delay with writeIndex < 0: kill {@code delay} ms after the start; else
     * let it finish.
     */
    Run run(Path modelDir, boolean hook, int writeIndex, long delay, Random random) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dorg.bytedeco.javacpp.maxbytes=2G", "-Dorg.bytedeco.javacpp.maxphysicalbytes=3G",
                "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("jvm-tmp")),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))));
        if (hook) {
            cmd.add("-D" + AtomicFiles.PAUSE_PROPERTY + "=" + PAUSE_MS);
        }
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(TINY));
        cmd.addAll(List.of("--constraint", constraint));
        cmd.addAll(List.of("--model-dir", modelDir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        long start = System.nanoTime();
        Process p = pb.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                    synchronized (output) {
                        output.append(l).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        });
        reader.start();
        boolean killed = false;
        long at = 0;
        if (writeIndex >= 1) {
            int seen = 0;
            while (p.isAlive() || !lines.isEmpty()) {
                String l = lines.poll(100, TimeUnit.MILLISECONDS);
                if (l != null && l.startsWith(AtomicFiles.WRITE_MARKER + "checkpoint.zip") && ++seen == writeIndex) {
                    Thread.sleep(delay);
                    at = delay;
                    killed = p.isAlive();
                    p.destroyForcibly();
                    break;
                }
            }
        } else if (delay > 0) {
            killed = !p.waitFor(delay, TimeUnit.MILLISECONDS);
            at = (System.nanoTime() - start) / 1_000_000;
            p.destroyForcibly();
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        reader.join(10_000);
        String out;
        synchronized (output) {
            out = output.toString();
        }
        return new Run(killed ? -9 : p.exitValue(), killed, killed && writeIndex >= 1, at, out);
    }
}
