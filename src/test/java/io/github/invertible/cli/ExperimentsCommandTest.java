package io.github.invertible.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentsCommandTest {

    @Test
    void writesAllOutputsWithTheAgreedColumns(@TempDir Path dir) throws Exception {
        int code = new CommandLine(new ExperimentsCommand()).execute("--out", dir.toString(), "--cases", "8",
                "--seed", "7");
        assertEquals(0, code);
        List<String> f1 = Files.readAllLines(dir.resolve("f1_rlt_invertibility.csv"));
        assertEquals("n,bias,m,ratio,cases,invertible_pct,predicted_pct", f1.get(0));
        assertEquals(1 + 2 * 31 + 2 * 31, f1.size());
        List<String> f2 = Files.readAllLines(dir.resolve("f2_residual_invertibility.csv"));
        assertEquals("n,k,lipschitz_bound,cases,existing_pct,proposed_pct,split_pct,anderson_pct,truly_invertible_pct", f2.get(0));
        assertEquals(1 + 24, f2.size());
        assertTrue(f2.get(24).endsWith(","), "truly_invertible_pct is empty for k = 20: " + f2.get(24));
        assertTrue(Files.size(dir.resolve("f1_rlt_invertibility.png")) > 1000);
        assertTrue(Files.size(dir.resolve("f2_residual_invertibility.png")) > 1000);
        assertTrue(Files.readAllLines(dir.resolve("f2_iterations.csv")).get(0)
                .startsWith("n,k,lipschitz_bound,cases,existing_median_iterations,proposed_median_iterations"));
        // one row per point and registered method
        assertEquals(1 + 24 * io.github.invertible.inversion.InverseMethod.values().length,
                Files.readAllLines(dir.resolve("f2_outcomes.csv")).size());
        String json = Files.readString(dir.resolve("f1_f2_run.json"));
        assertTrue(json.contains("\"seed\": 7") && json.contains("\"cases_per_point\": 8"), json);
    }
}
