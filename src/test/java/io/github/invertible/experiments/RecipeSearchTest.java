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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recipe search (DESIGN §6.2) chooses by validation accuracy only and says how far apart the candidates are. */
class RecipeSearchTest {
    @TempDir
    Path dir;

    private void candidate(String candidate, double smoothing, double test, Double validationPct) throws Exception {
        candidate(candidate, smoothing, test, validationPct, 32);
    }

    private void candidate(String candidate, double smoothing, double test, Double validationPct, int hidden1)
            throws Exception {
        candidate(candidate, smoothing, test, validationPct, hidden1, null);
    }

    private void candidate(String candidate, double smoothing, double test, Double validationPct, int hidden1,
                           String finished) throws Exception {
        NetworkSpec spec = NetworkSpec.builder().linearDecayEpochs(9).labelSmoothing(smoothing).hidden1(hidden1)
                .build();
        ModelMetadata m = new ModelMetadata("conv-tied", spec, spec.seed(), 9, 128, 55000, 2, 10, 0.1,
                873504 + 1000L * (hidden1 - 32), test,
                new double[10], 50, 180, List.of(), null, null, null);
        ObjectNode json = Json.MAPPER.valueToTree(m);
        json.put("validation", validationPct == null ? 0 : 5000);
        if (validationPct != null) {
            json.put("validationAccuracyPct", validationPct);
        }
        if (finished != null) {
            json.putObject("environment").put("timestamp", finished);
        }
        if (candidate.contains("flip")) {
            json.put("flip", true);
        }
        Path sub = dir.resolve(RecipeSearch.DIR).resolve(candidate);
        Files.createDirectories(sub);
        Json.MAPPER.writeValue(sub.resolve("conv-tied.json").toFile(), json);
    }

    @Test
    void choosesTheBestValidationAccuracyNeverTheTestAccuracy() throws Exception {
        candidate("a-linear", 0, 99.70, 99.54);          // best on test, not on validation
        candidate("b-linear-ls0.1", 0.1, 99.50, 99.62);
        candidate("c-no-split-flip", 0.2, 99.90, null, 64); // no validation split: never chosen
        Path csv = dir.resolve("search.csv");
        RecipeSearch.build(dir).orElseThrow().write(csv);
        Table t = Table.readCsv(csv);
        assertEquals(List.of(RecipeSearch.COLUMNS), t.header());
        assertEquals(List.of("a-linear", "b-linear-ls0.1", "c-no-split-flip"), t.column("candidate"));
        assertEquals(List.of("", "yes", ""), t.column("chosen"));
        assertEquals("0.1", t.where("candidate", "b-linear-ls0.1").column("label_smoothing").get(0));
        assertEquals("linear", t.column("lr_schedule").get(0));
        // the network of each candidate, from its metadata's spec and parameter count
        assertEquals("stage 16/64 ch, K 32/64, 3 units each; head 2x128 conv + 256", t.column("layout").get(0));
        assertTrue(t.column("layout").get(2).contains("K 64/64"), t.column("layout").get(2));
        assertEquals(List.of("873504", "873504", "905504"), t.column("params"));
        assertEquals(List.of("shift 2, rotate 10, scale 0.1", "shift 2, rotate 10, scale 0.1",
                "shift 2, rotate 10, scale 0.1, flip"), t.column("augmentation"));
        String reading = RecipeSearch.reading(t);
        assertTrue(reading.contains("`b-linear-ls0.1`"), reading);
        // both figures as the table has them (three significant digits once printed 99.66 as 99.7)
        assertTrue(reading.contains("(validation 99.62 %; `a-linear` 99.54 %)"), reading);
        assertTrue(reading.contains("4 of 5000 held-out images more"), reading); // (99.62 - 99.54) % of 5000
        assertTrue(reading.contains("within the noise"), reading);                 // SE ≈ 0.11 points per run
    }

    @Test
    void aLargeValidationGapIsCalledBeyondTheNoise() throws Exception {
        candidate("a", 0, 99.0, 98.9);
        candidate("b", 0.1, 99.0, 99.6);
        Path csv = dir.resolve("search.csv");
        RecipeSearch.build(dir).orElseThrow().write(csv);
        assertTrue(RecipeSearch.reading(Table.readCsv(csv)).contains("beyond the noise"));
    }

    @Test
    void sinceTheRuleChangedAChallengerMustWinByTwoStandardErrorsOfATwoRunDifference() throws Exception {
        // in name order the challengers come first: the replay follows the order the runs finished
        candidate("a-lean", 0.1, 99.9, 99.70, 32, "2026-11-28T17:00:00Z");   // +0.08 over the incumbent: a lean
        candidate("m-earlier", 0, 99.0, 99.50, 32, "2026-11-27T10:00:00Z");
        candidate("n-incumbent", 0.1, 99.0, 99.62, 32, "2026-11-28T10:00:00Z"); // won under the old rule by 0.12
        Path csv = dir.resolve("search.csv");
        RecipeSearch.build(dir).orElseThrow().write(csv);
        Table t = Table.readCsv(csv);
        assertEquals(List.of("", "", "yes"), t.column("chosen"));
        assertEquals(99.62, RecipeSearch.chosen(dir).get("mnist").validationAccuracyPct(), 1e-9);
        String reading = RecipeSearch.reading(t);
        assertTrue(reading.contains("stays `n-incumbent` (validation 99.62 %): `a-lean` reached 99.7 %, 4 of 5000 "
                + "held-out images more, short of the 0.246-point margin"), reading);

        candidate("z-clear", 0, 99.0, 99.90, 32, "2026-11-28T18:00:00Z"); // +0.28 > 0.246: a new recipe
        RecipeSearch.build(dir).orElseThrow().write(csv);
        assertEquals(List.of("", "", "", "yes"), Table.readCsv(csv).column("chosen"));
    }

    @Test
    void theMarginIsTheBinomialStandardErrorOfATwoRunDifferenceTwice() {
        assertEquals(200 * Math.sqrt(2 * 0.9962 * 0.0038 / 5000), RecipeSearch.margin(99.62, 5000), 1e-12);
        assertEquals(0.2461, RecipeSearch.margin(99.62, 5000), 1e-4);
        assertEquals(1.145, RecipeSearch.margin(91.0, 5000), 1e-3);
        assertTrue(RecipeSearch.margin(99.62, 20000) < RecipeSearch.margin(99.62, 5000) / 1.99);
    }

    @Test
    void theShippedSearchReplaysToTheChoicesItMadeUnderTheOldRule() {
        // every shipped run finished before the rule changed: the replay keeps the choices the references follow
        var chosen = RecipeSearch.chosen(Path.of("model"));
        assertEquals(99.66, chosen.get("mnist").validationAccuracyPct(), 1e-9);
        assertEquals(92.6, chosen.get("fashion-mnist").validationAccuracyPct(), 1e-9);
    }

    @Test
    void noSearchFolderNoTable() {
        assertTrue(RecipeSearch.build(dir).isEmpty());
    }
}
