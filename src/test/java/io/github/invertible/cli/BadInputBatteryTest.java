package io.github.invertible.cli;

import io.github.invertible.common.AtomicFiles;
import io.github.invertible.data.ImageDataset;
import io.github.invertible.data.MnistFile;
import io.github.invertible.model.NetworkFactory;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.training.CheckpointState;
import io.github.invertible.training.CheckpointStore;
import io.github.invertible.training.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every bad option or input of issue 17 (README, "Fail fast"): exit code 2, one line on stderr naming the
 * problem, no stack trace, and the committed results in the output folder (T1 rows of every model) untouched.
 */
class BadInputBatteryTest {
    static final Path COMMITTED_T1 = Path.of("notebooks-export", "t1_relative_error.csv");
    static final String[] TINY = {"--units", "1", "--width1", "4", "--hidden1", "8", "--hidden2", "16",
            "--head-conv-layers", "0", "--head", "32", "--batch", "64", "--train-limit", "128", "--test-limit", "100",
            "--epochs", "1"};

    @TempDir
    Path dir;

    @BeforeAll
    static void data() {
        ImageDataset.loadDefault(); // the committed data folder, fetched if needed
    }

    /** Runs the command line in-process; asserts exit 2, one line, no trace; returns the line. */
    static String fails(String... args) {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        picocli.CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err));
        cmd.setOut(new PrintWriter(out));
        int code = cmd.execute(args);
        String e = err.toString().strip();
        assertEquals(Main.USER_ERROR, code, String.join(" ", args) + " -> " + e);
        assertFalse(e.contains("\n"), "one line: " + e);
        assertFalse(e.contains("\tat ") || e.contains("Exception"), "no stack trace or exception name: " + e);
        assertTrue(e.startsWith("error: "), e);
        return e;
    }

    /** An output folder holding a copy of the committed T1 table, for the rows-preserved check. */
    Path outWithCommittedRows() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.copy(COMMITTED_T1, out.resolve("t1_relative_error.csv"));
        return out;
    }

    static void assertRowsKept(Path out) throws Exception {
        assertArrayEquals(Files.readAllBytes(COMMITTED_T1), Files.readAllBytes(out.resolve("t1_relative_error.csv")),
                "committed T1 rows preserved");
    }

    @Test
    void invertOptionsOutOfRangeKeepTheCommittedRows() throws Exception {
        Path out = outWithCommittedRows();
        assertEquals("error: --per-class must be >= 1 (got 0)", fails("invert", "--per-class", "0", "--out", out.toString()));
        assertEquals("error: --per-class must be >= 1 (got -5)", fails("invert", "--per-class", "-5", "--out", out.toString()));
        assertTrue(fails("invert", "--max-iter", "0", "--out", out.toString()).contains("--max-iter must be >= 1"));
        assertTrue(fails("invert", "--tolerance", "-1e-6", "--out", out.toString()).contains("--tolerance must be > 0"));
        String m = fails("invert", "--methods", "proposed,newton", "--out", out.toString());
        assertEquals("error: Invalid value for option '--methods' (<methods>): unknown inverse method 'newton'; "
                + "choose from " + io.github.invertible.inversion.InverseMethod.ids() + " (see --help)", m);
        assertTrue(fails("invert", "--per-class", "ten").contains("--per-class"), "picocli's own error, one line");
        assertTrue(fails("invert", "--bogus").contains("--bogus"));
        assertTrue(fails("invert", "--layer", "head_dense", "--out", out.toString()).contains("is not invertible"));
        assertTrue(fails("invert", "--layer", "nowhere", "--out", out.toString()).contains("no such layer"));
        assertRowsKept(out);
    }

    @Test
    void otherCommandsCheckTheirRanges() {
        assertEquals("error: --epochs must be >= 1 (got -1)", fails("train", "--epochs", "-1", "--model-dir", dir.toString()));
        assertTrue(fails("train", "--batch", "0", "--model-dir", dir.toString()).contains("--batch must be >= 1"));
        assertTrue(fails("train", "--scale", "1.5", "--model-dir", dir.toString()).contains("--scale"));
        assertTrue(fails("train", "--train-limit", "-3", "--model-dir", dir.toString()).contains("--train-limit"));
        assertTrue(fails("train", "--lr", "0", "--model-dir", dir.toString()).contains("--lr must be > 0"));
        assertTrue(fails("train", "--width1", "2", "--model-dir", dir.toString()).contains("--width1 must be >= 4"));
        assertTrue(fails("reproduce", "--per-class", "0", "--out", dir.toString()).contains("--per-class must be >= 1"));
        assertTrue(fails("experiments", "--cases", "0", "--out", dir.toString()).contains("--cases must be >= 1"));
        assertTrue(fails("benchmark", "--repeats", "0", "--out", dir.toString()).contains("--repeats must be >= 1"));
        assertFalse(Files.exists(dir.resolve("f1_rlt_invertibility.csv")), "nothing written");
    }

    @Test
    void outputThatIsAFileOrReadOnlyIsFoundBeforeAnyWork() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertTrue(fails("invert", "--out", file.toString()).contains("is a file, not a folder"));
        assertTrue(fails("experiments", "--out", file.toString()).contains("is a file, not a folder"));
        assertTrue(fails("train", "--model-dir", file.toString()).contains("--model-dir"));
        Path readOnly = readOnlyFolder();
        assertTrue(fails("invert", "--out", readOnly.toString()).contains("not writable"));
        assertTrue(fails("benchmark", "--out", readOnly.toString()).contains("not writable"));
        assertTrue(fails("train", "--model-dir", readOnly.toString()).contains("not writable"));
        assertTrue(fails("reproduce", "--out", readOnly.toString()).contains("not writable"));
    }

    /** A folder this process cannot write to (root ignores permissions: a /proc folder then). */
    Path readOnlyFolder() throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            return Path.of("/proc/self");
        }
        Path ro = Files.createDirectories(dir.resolve("read-only"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        return ro;
    }

    @Test
    void checkpointOfAnotherRunIsRefused() throws Exception {
        NetworkSpec spec = NetworkSpec.builder().arch("conv").constraint("tied").unitsPerStage(1).convWidth1(4)
                .hidden1(8).hidden2(16).headConvLayers(0).headWidth(32).build();
        CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints").resolve("m"));
        store.save(NetworkFactory.build(spec), new CheckpointState(CheckpointStore.FORMAT, "spec=other;batch=64",
                Map.of(), Trainer.RNG_SCHEME, 0, 0, List.of()));
        List<String> args = new ArrayList<>(List.of("train", "--name", "m", "--model-dir", dir.toString()));
        args.addAll(List.of(TINY));
        String e = fails(args.toArray(String[]::new));
        assertTrue(e.contains("belongs to a different configuration") && e.contains("--fresh"), e);
    }

    @Test
    void modelHeldByARunningProcessIsRefusedWithItsPid() throws Exception {
        Process holder = new ProcessBuilder("sleep", "60").start();
        try {
            Path lock = Files.createDirectories(dir.resolve("checkpoints")).resolve("m.lock");
            String start = holder.info().startInstant().map(Object::toString).orElse("unknown");
            Files.writeString(lock, "pid=" + holder.pid() + "\nstart=" + start + "\n");
            List<String> args = new ArrayList<>(List.of("train", "--name", "m", "--model-dir", dir.toString()));
            args.addAll(List.of(TINY));
            String e = fails(args.toArray(String[]::new));
            assertTrue(e.contains("in use by another run (pid " + holder.pid()), e);
            assertTrue(Files.exists(lock), "the holder's lock stays");
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void corruptCopiesOfMnistAreNamedRawOrGzipped() throws Exception {
        for (boolean gz : new boolean[]{false, true}) {
            Path copy = Files.createDirectories(dir.resolve(gz ? "gz" : "raw"));
            for (MnistFile f : MnistFile.values()) {
                Path src = ImageDataset.DEFAULT_DIR.resolve(f.fileName());
                byte[] bytes = Files.readAllBytes(src);
                if (f == MnistFile.TEST_LABELS) {
                    bytes[5000] ^= 1; // one flipped bit in one label
                }
                if (gz) {
                    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(copy.resolve(f.fileName() + ".gz")))) {
                        o.write(bytes);
                    }
                } else {
                    Files.write(copy.resolve(f.fileName()), bytes);
                }
            }
            Path out = outWithCommittedRows();
            String e = fails("invert", "--data-dir", copy.toString(), "--out", out.toString());
            assertTrue(e.contains("t10k-labels-idx1-ubyte") && e.contains("corrupt copy of MNIST"), e);
            assertRowsKept(out);
            Files.delete(out.resolve("t1_relative_error.csv"));
            Files.delete(out);
        }
    }

    @Test
    void realProcessExitsWithCode2AndOneLine() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                Main.class.getName(), "invert", "--per-class", "0", "--out", dir.toString()).start();
        String err = new String(p.getErrorStream().readAllBytes()).strip();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(2, p.exitValue(), err);
        assertEquals("error: --per-class must be >= 1 (got 0)", err);
    }

    @Test
    void orphanedTempFilesAreFoundByName() throws Exception {
        Path orphan = Files.writeString(dir.resolve("checkpoint.zip4711.tmp"), "half");
        Path other = Files.writeString(dir.resolve("unrelated.tmp"), "keep");
        assertEquals(List.of(orphan), AtomicFiles.removeOrphans(dir, "checkpoint.zip"));
        assertTrue(Files.exists(other));
    }
}
