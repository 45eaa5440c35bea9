package io.github.invertible.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.invertible.report.CsvTable;
import io.github.invertible.report.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** B2 read from the shipped default's record, against a count made here from the same JSON. */
class TrainingRecordBenchmarksTest {
    @TempDir
    Path dir;

    @Test
    void b2ReadsTheShippedRecord() throws Exception {
        CsvTable t = new CsvTable("benchmark", "ours", "baseline", "ratio", "unit", "notes");
        TrainingRecordBenchmarks.add(t, Path.of("model"), "conv-tied");
        Path csv = dir.resolve("b.csv");
        t.write(csv);
        Table b = Table.readCsv(csv);

        JsonNode h = new ObjectMapper().readTree(Path.of("model", "conv-tied.json").toFile()).get("history");
        double fin = h.get(h.size() - 1).get("validationAccuracyPct").asDouble();
        int first = -1;
        List<Double> minutes = new ArrayList<>();
        for (JsonNode e : h) {
            if (first < 0 && e.get("validationAccuracyPct").asDouble() >= fin - 0.05) {
                first = e.get("epoch").asInt();
            }
            minutes.add(e.get("seconds").asDouble() / 60);
        }
        minutes.sort(Double::compare);
        assertEquals(first, Double.parseDouble(b.where("benchmark", "B2 epochs to the final validation accuracy")
                .column("ours").get(0)), 0);
        double median = minutes.size() % 2 == 1 ? minutes.get(minutes.size() / 2)
                : (minutes.get(minutes.size() / 2 - 1) + minutes.get(minutes.size() / 2)) / 2;
        assertEquals(median, Double.parseDouble(b.where("benchmark", "B2 time per epoch").column("ours").get(0)),
                1e-6 * median); // the CSV keeps 8 significant digits
        String notes = b.where("benchmark", "B2 epochs to the final validation accuracy").column("notes").get(0);
        assertTrue(notes.contains("onecycle schedule") && notes.contains("55000 training images"), notes);
    }
}
