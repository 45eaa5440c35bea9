package io.github.invertible.cli;

import io.github.invertible.common.Json;
import io.github.invertible.data.Datasets;
import io.github.invertible.data.SyntheticIdx;
import io.github.invertible.experiments.AccuracyTable;
import io.github.invertible.experiments.RelativeErrorTable;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.report.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two {@code invert} runs of one model with different methods and digit counts keep each other's results (rows,
 * certified share, digits), as the reproduction's certified shares need; a run from another layer replaces them.
 * An untrained tiny model on tiny synthetic data: seconds.
 */
class InvertMergesByMethodTest {
    @TempDir
    Path dir;

    private void invert(Path zip, Path data, Path out, String methods, int perClass, String... extra) {
        List<String> a = new ArrayList<>(List.of("--model", zip.toString(), "--dataset", "idx", "--data-dir",
                data.toString(), "--out", out.toString(), "--methods", methods, "--per-class",
                Integer.toString(perClass)));
        a.addAll(List.of(extra));
        assertEquals(0, Main.configure(new CommandLine(new InvertCommand())).execute(a.toArray(String[]::new)));
    }

    @Test
    void anotherMethodsRunKeepsTheFirstOnesResultsWithTheirDigits() throws Exception {
        Path data = SyntheticIdx.write(dir.resolve("data"), 28, 28, 10, 40, 30);
        IdentityBatteryTest battery = new IdentityBatteryTest();
        battery.dir = dir;
        Path zip = battery.tinyModel(Datasets.load(Datasets.Id.IDX, data).descriptor());
        Path out = dir.resolve("out");
        invert(zip, data, out, "proposed", 2);
        invert(zip, data, out, "existing", 1);

        Table t1 = Table.readCsv(out.resolve(RelativeErrorTable.DATASETS_CSV)).where("class", "all");
        assertEquals(List.of("proposed", "existing"), t1.column("method"), "both methods' rows");
        assertEquals(List.of("20", "10"), t1.column("samples"), "each with its own digits");
        AccuracyTable.RunRecord proposed = AccuracyTable.runRecord(out, "m", InverseMethod.PROPOSED);
        AccuracyTable.RunRecord existing = AccuracyTable.runRecord(out, "m", InverseMethod.EXISTING);
        assertEquals(20, proposed.digits());
        assertEquals(10, existing.digits());
        assertEquals(Double.parseDouble(t1.where("method", "proposed").column("recovered_pct").get(0)),
                proposed.certifiedPct(), 1e-9);

        // another layer: the earlier methods' results describe another representation and are dropped
        Map<?, ?> rec = Json.MAPPER.readValue(out.resolve("t1_run_m.json").toFile(), Map.class);
        String top = (String) rec.get("layer");
        invert(zip, data, out, "anderson", 1, "--layer", firstVertexBelow(zip, top));
        assertNull(AccuracyTable.runRecord(out, "m", InverseMethod.PROPOSED), "proposed dropped");
        assertEquals(List.of("anderson"), Table.readCsv(out.resolve(RelativeErrorTable.DATASETS_CSV))
                .where("class", "all").column("method"));
    }

    @Test
    void evaluatePrintsDl4jsStatisticsWithTheConfusionMatrix() throws Exception {
        Path data = SyntheticIdx.write(dir.resolve("data"), 28, 28, 10, 40, 30);
        IdentityBatteryTest battery = new IdentityBatteryTest();
        battery.dir = dir;
        Path zip = battery.tinyModel(Datasets.load(Datasets.Id.IDX, data).descriptor());
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            invert(zip, data, dir.resolve("out"), "proposed", 1, "--evaluate");
        } finally {
            System.setOut(old);
        }
        String printed = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(printed.contains("# of classes:    10") && printed.contains("Accuracy:"), printed);
        assertTrue(printed.contains("Confusion Matrix"), printed);
        // the matrix has a row per class and counts every one of the 30 test images once
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("(?m)^((?:\\s*\\d+){10}) \\| \\d+ = \\d+$")
                .matcher(printed);
        int rows = 0;
        int images = 0;
        while (row.find()) {
            rows++;
            images += java.util.Arrays.stream(row.group(1).trim().split("\\s+")).mapToInt(Integer::parseInt).sum();
        }
        assertEquals(10, rows, printed);
        assertEquals(30, images, printed);
    }

    /** A feature-stage vertex other than {@code top}. */
    private static String firstVertexBelow(Path zip, String top) {
        var inverter = io.github.invertible.inversion.FeatureStageInverter.of(InvertCommand.load(zip));
        return inverter.vertexNames().stream().filter(v -> !v.equals(top)).findFirst().orElseThrow();
    }
}
