package io.github.invertible.experiments;

import io.github.invertible.common.Json;
import io.github.invertible.experiments.report.ReproductionReport;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.report.CsvTable;
import io.github.invertible.report.Readable;
import io.github.invertible.report.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** T3 (DESIGN §6.3) on a synthetic T2 and run records: the CSV, the computed choice and its reading, the figure. */
class FrontierTest {
    @TempDir
    Path dir;

    /** A T2 row: accuracy only (the shares come from the run records, as in the reproduction). */
    private static Object[] t2Row(String model, String constraint, double test) {
        Object[] r = new Object[AccuracyTable.COLUMNS.length];
        List<String> c = List.of(AccuracyTable.COLUMNS);
        r[c.indexOf("model")] = model;
        r[c.indexOf("constraint")] = constraint;
        r[c.indexOf("test_accuracy_pct")] = test;
        r[c.indexOf("seeds")] = 1;
        r[c.indexOf("source")] = "measured";
        for (InverseMethod m : InverseMethod.values()) {
            r[c.indexOf(AccuracyTable.invertibleColumn(m))] = null;
        }
        return r;
    }

    /** A run record as invert writes it: certified share and timing per method, 100 digits per class. */
    private void record(Path folder, String model, Map<InverseMethod, Double> pct) throws Exception {
        Map<String, Object> certified = new LinkedHashMap<>();
        Map<String, Object> timing = new LinkedHashMap<>();
        pct.forEach((m, v) -> {
            certified.put(m.id(), v);
            timing.put(m.id(), Map.of("seconds", 50.0, "digitsPerSecond", 20.0));
        });
        Files.createDirectories(folder);
        Json.write(folder.resolve("t1_run_" + model + ".json"), Map.of("perClass", 100, "certifiedPct", certified,
                "timing", timing));
    }

    private Table t2() throws Exception {
        CsvTable t2 = new CsvTable(AccuracyTable.COLUMNS);
        t2.add(t2Row("conv-lipschitz-0.9", "lipschitz:0.9", 99.35));
        t2.add(t2Row("conv-tied", "tied", 99.43));
        t2.add(t2Row("conv-lipschitz-2", "lipschitz:2.0", 99.55));
        t2.add(t2Row("conv-lipschitz-4", "lipschitz:4.0", 99.61));
        t2.add(t2Row("conv-none", "none", 99.67));
        t2.add(t2Row("plaincnn", "none", 99.63));
        t2.add(t2Row("dense-tied", "tied", 98.0)); // not on the frontier
        Path csv = dir.resolve("t2.csv");
        t2.write(csv);
        Path inv = dir.resolve(AccuracyTable.INVERTIBILITY_DIR);
        record(dir, "conv-lipschitz-0.9", Map.of(InverseMethod.PROPOSED, 100.0, InverseMethod.EXISTING, 100.0));
        record(inv, "conv-lipschitz-0.9", Map.of(InverseMethod.PROPOSED_SPLIT, 100.0));
        record(dir, "conv-tied", Map.of(InverseMethod.PROPOSED, 100.0, InverseMethod.EXISTING, 0.0));
        record(inv, "conv-lipschitz-2", Map.of(InverseMethod.PROPOSED, 99.5, InverseMethod.EXISTING, 12.0));
        // more accurate, but below 99 % certified: not chosen
        record(inv, "conv-lipschitz-4", Map.of(InverseMethod.PROPOSED, 98.9, InverseMethod.EXISTING, 0.0));
        record(inv, "conv-none", Map.of(InverseMethod.PROPOSED, 63.4));
        return Table.readCsv(csv);
    }

    @Test
    void choosesTheMostAccurateCertifiedModelAndSaysSoFromTheCsv() throws Exception {
        Table t3 = Frontier.write(t2(), dir);
        assertEquals(List.of("conv-lipschitz-0.9", "conv-tied", "conv-lipschitz-2", "conv-lipschitz-4", "conv-none",
                "plaincnn"), t3.column("model"), "frontier order, then the baseline; lipschitz-8 absent, dense not in");
        assertEquals(List.of("0.9", "tied", "2", "4", "none", ""), t3.column("x"));
        assertEquals("conv-lipschitz-2", Frontier.chosen(t3).orElseThrow());
        Table two = t3.where("model", "conv-lipschitz-2");
        assertEquals(99.5, num(two, AccuracyTable.invertibleColumn(InverseMethod.PROPOSED)), 0);
        assertEquals(12, num(two, AccuracyTable.invertibleColumn(InverseMethod.EXISTING)), 0);
        assertEquals("", two.column(AccuracyTable.invertibleColumn(InverseMethod.PROPOSED_SPLIT)).get(0), "not run");
        assertEquals(50, num(two, "seconds_" + InverseMethod.EXISTING.column()), 0);
        assertEquals(1000, num(two, "digits_" + InverseMethod.EXISTING.column()), 0);
        // both folders are read: T1's record for proposed/existing, the invertibility folder for the split method
        Table lip = t3.where("model", "conv-lipschitz-0.9");
        assertEquals(100, num(lip, AccuracyTable.invertibleColumn(InverseMethod.PROPOSED_SPLIT)), 0);

        String reading = Frontier.reading(t3);
        String col = "test_accuracy_pct";
        assertTrue(reading.contains("is conv-lipschitz-2's (constraint lipschitz:2.0): "
                + Readable.cell(col, two.column(col).get(0)) + " %"), reading);
        assertTrue(reading.contains(Readable.number(99.55 - 99.63) + " points from the plain CNN's "
                + Readable.cell(col, "99.63") + " %"), reading);
        assertTrue(reading.contains("there certified: existing 12 % of 1000 digits"), reading);
        assertTrue(reading.contains("proposed split not run"), reading);
        assertTrue(Files.size(dir.resolve(Frontier.PNG)) > 10_000, "figure written");
    }

    @Test
    void theReportHasT3WithItsReadingAndTheComputedChoice() throws Exception {
        Table t3 = Frontier.write(t2(), dir);
        String md = ReproductionReport.build(dir, List.of(), Map.of()).toMarkdown();
        assertTrue(md.contains("T3 — accuracy-invertibility frontier"), md);
        assertTrue(md.contains(Frontier.reading(t3)), "the reading computed from the CSV");
        assertTrue(md.contains("T1 and F3 above include conv-lipschitz-2, the most accurate model certified"), md);
        assertTrue(md.contains(Frontier.PNG), "the figure");
    }

    private static double num(Table t, String column) {
        return Double.parseDouble(t.column(column).get(0));
    }

    @Test
    void noCertifiedModelIsSaid() throws Exception {
        CsvTable t3 = new CsvTable(Frontier.columns());
        Object[] r = new Object[Frontier.columns().length];
        List<String> c = List.of(Frontier.columns());
        r[c.indexOf("model")] = "conv-none";
        r[c.indexOf("x")] = "none";
        r[c.indexOf("test_accuracy_pct")] = 99.67;
        r[c.indexOf(AccuracyTable.invertibleColumn(InverseMethod.PROPOSED))] = 63.4;
        t3.add(r);
        Path csv = dir.resolve("t3.csv");
        t3.write(csv);
        Table t = Table.readCsv(csv);
        assertFalse(Frontier.chosen(t).isPresent());
        assertTrue(Frontier.reading(t).startsWith("**Reading.** No model of the frontier"), Frontier.reading(t));
    }
}
