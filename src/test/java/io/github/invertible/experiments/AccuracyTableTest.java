package io.github.invertible.experiments;

import io.github.invertible.common.Json;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.report.Table;
import io.github.invertible.training.ModelMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** T2 (DESIGN §6.2) on a synthetic model folder: seeds grouped, mean and sample sd, validation, invertible share. */
class AccuracyTableTest {

    @TempDir
    Path dir;

    private static final NetworkSpec TIED = NetworkSpec.builder().linearDecayEpochs(9).build();
    private static final NetworkSpec PLAIN = NetworkSpec.builder().arch("plaincnn").constraint("none")
            .linearDecayEpochs(9).build();

    /** Metadata as the trainer writes it, plus the issue-13 validation fields when {@code validation} is not null. */
    private void model(String name, NetworkSpec spec, long seed, int epochs, double test, double minutes,
                       Integer validation, Double validationPct) throws Exception {
        ModelMetadata m = new ModelMetadata(name, spec.toBuilder().seed(seed).build(), seed, epochs, 128, 55000, 2,
                10, 0.1, 873504, test, new double[10], minutes, 700, List.of(), null, null, null);
        ObjectNode json = Json.MAPPER.valueToTree(m);
        if (validation != null) {
            json.put("validation", validation);
            if (validationPct != null) {
                json.put("validationAccuracyPct", validationPct);
            }
        }
        Files.createDirectories(dir.resolve("model"));
        Json.MAPPER.writeValue(dir.resolve("model").resolve(name + ".json").toFile(), json);
    }

    @Test
    void seedsArePooledWithMeanAndSampleStandardDeviation() throws Exception {
        model("conv-tied", TIED, 1, 9, 99.50, 20, 5000, 99.60);
        model("conv-tied-seed2", TIED, 2, 9, 99.60, 22, 5000, 99.70);
        model("conv-tied-seed3", TIED, 3, 9, 99.70, 24, 5000, 99.65);
        model("plaincnn", PLAIN, 1, 9, 99.40, 10, 0, 99.9); // trained on all 60 000: no validation figure
        model("dense-tied", NetworkSpec.builder().arch("dense").build(), 1, 4, 97.9, 2, null, null); // older metadata
        model("dense-tied-seed2", NetworkSpec.builder().arch("dense").build(), 2, 5, 98.1, 2, null, null); // other epochs
        Path report = dir.resolve("report");
        Files.createDirectories(report.resolve(AccuracyTable.INVERTIBILITY_DIR));
        Json.write(report.resolve("t1_run_conv-tied.json"), Map.of("certifiedPct", Map.of("proposed", 100.0,
                "existing", 0.0)));
        Json.write(report.resolve(AccuracyTable.INVERTIBILITY_DIR).resolve("t1_run_dense-tied.json"),
                Map.of("certifiedPct", Map.of("proposed", 97.5)));

        Path csv = dir.resolve("t2.csv");
        AccuracyTable.build(dir.resolve("model"), report).write(csv);
        Table t = Table.readCsv(csv);
        assertEquals(List.of(AccuracyTable.COLUMNS), t.header());
        Table tied = t.where("model", "conv-tied");
        assertEquals("3", tied.column("seeds").get(0));
        assertEquals(99.60, num(tied, "test_accuracy_pct"), 1e-9);
        assertEquals(0.1, num(tied, "test_accuracy_sd"), 1e-9);        // sample sd of 99.5, 99.6, 99.7
        assertEquals((99.60 + 99.70 + 99.65) / 3, num(tied, "validation_accuracy_pct"), 1e-9);
        assertEquals(22, num(tied, "train_minutes"), 1e-9);
        assertEquals(100, num(tied, "invertible_pct_proposed"), 0);
        assertEquals(0, num(tied, "invertible_pct_existing"), 0, "every registered method has its column");
        assertEquals("", tied.column("invertible_pct_split").get(0), "a method not run: empty");
        Table plain = t.where("model", "plaincnn");
        assertEquals("1", plain.column("seeds").get(0));
        assertEquals("", plain.column("test_accuracy_sd").get(0));
        assertEquals("", plain.column("validation_accuracy_pct").get(0), "validation 0: none held out");
        assertEquals("", plain.column("invertible_pct_proposed").get(0), "not invertible");
        assertTrue(plain.column("layout").get(0).startsWith("plain 3x3 conv"), plain.column("layout").get(0));
        // a seed trained with other epochs is not averaged with its group
        assertEquals(97.9, num(t.where("model", "dense-tied"), "test_accuracy_pct"), 1e-9);
        assertEquals(97.5, num(t.where("model", "dense-tied"), "invertible_pct_proposed"), 0);
        assertEquals(98.1, num(t.where("model", "dense-tied-seed2"), "test_accuracy_pct"), 1e-9);
        assertEquals(2, t.where("source", "literature").rows().size());
        assertTrue(t.where("source", "literature").column("test_accuracy_pct").stream().noneMatch(String::isEmpty),
                "every literature row has its published number");
        assertEquals(99.83, num(t.where("model", t.column("model").stream()
                .filter(m -> m.startsWith("Byerly")).findFirst().orElseThrow()), "test_accuracy_pct"), 0);

        // cost of invertibility: 99.6 - 99.4 = 0.2, standard error sqrt(0.1^2/3 + 0.1^2/1) = 0.115 (borrowed sd)
        String cost = AccuracyTable.costOfInvertibility(t, "conv-tied", "plaincnn");
        assertTrue(cost.contains("same budget, 9 epochs each"), cost);
        assertTrue(cost.contains(": 0.2 percentage points"), cost);
        assertTrue(cost.contains("± 0.115") && cost.contains("difference; plaincnn's spread assumed equal to conv-tied's)"), cost);
        assertTrue(AccuracyTable.costOfInvertibility(t, "dense-tied", "plaincnn").contains("NOT the same budget"));
    }

    @Test
    void theShippedModelsGiveOneRowPerReferenceWithTheirSeedsPooled() throws Exception {
        Path csv = dir.resolve("t2.csv");
        AccuracyTable.build(Path.of("model"), Path.of("notebooks-export")).write(csv);
        Table t = Table.readCsv(csv).where("source", "measured");
        assertTrue(t.column("model").containsAll(List.of("conv-lipschitz-0.9", "conv-none", "conv-tied", "dense-tied",
                "plaincnn")), t.column("model").toString());
        for (String model : t.column("model")) {
            // the seeds of a reference are model/NAME.json and model/NAME-seedK.json, read here independently
            List<ModelMetadata> runs = new java.util.ArrayList<>();
            runs.add(Json.read(Path.of("model", model + ".json"), ModelMetadata.class));
            for (int k = 2; Files.exists(Path.of("model", model + "-seed" + k + ".json")); k++) {
                runs.add(Json.read(Path.of("model", model + "-seed" + k + ".json"), ModelMetadata.class));
            }
            double[] test = runs.stream().mapToDouble(ModelMetadata::testAccuracyPct).toArray();
            double mean = java.util.Arrays.stream(test).average().orElseThrow();
            Table row = t.where("model", model);
            assertEquals(runs.size(), (int) num(row, "seeds"), model);
            assertEquals(mean, num(row, "test_accuracy_pct"), 1e-6, model);
            if (runs.size() == 1) {
                assertEquals("", row.column("test_accuracy_sd").get(0), model);
            } else {
                double ss = java.util.Arrays.stream(test).map(v -> (v - mean) * (v - mean)).sum();
                assertEquals(Math.sqrt(ss / (runs.size() - 1)), num(row, "test_accuracy_sd"), 1e-6, model);
            }
        }
        assertEquals("", t.where("model", "plaincnn").column("invertible_pct_proposed").get(0));
    }

    private static double num(Table t, String column) {
        return Double.parseDouble(t.column(column).get(0));
    }
}
