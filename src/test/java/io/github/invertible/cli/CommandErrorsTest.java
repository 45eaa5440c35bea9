package io.github.invertible.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** User mistakes end in one line naming the problem, with exit code 2, not in a stack trace. */
class CommandErrorsTest {
    @TempDir
    Path dir;

    private String run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        assertEquals(2, code, err.toString());
        return err.toString();
    }

    @Test
    void missingModel() {
        String err = run("invert", "--model", dir.resolve("absent.zip").toString());
        assertTrue(err.startsWith("error: model file not found"), err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void unreadableModel() throws Exception {
        Path bogus = Files.writeString(dir.resolve("bogus.zip"), "not a zip");
        String err = run("invert", "--model", bogus.toString());
        assertTrue(err.startsWith("error: cannot read model file"), err);
    }

    @Test
    void badConstraint() {
        String err = run("train", "--constraint", "lipschitz:abc", "--model-dir", dir.toString());
        assertTrue(err.contains("lipschitz:abc"), err);
    }

    @Test
    void missingDataDirectory() {
        String err = run("train", "--data-dir", dir.resolve("nowhere").toString(), "--model-dir", dir.toString());
        assertTrue(err.contains("data directory not found"), err);
    }
}
