package io.github.invertible.experiments;

import io.github.invertible.model.FeatureStage;
import io.github.invertible.model.NetworkFactory;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.report.Table;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** F0 shows the graph as DL4J runs it; the training curves show the recorded history, digit for digit in the CSV. */
class ReproductionFiguresTest {

    @Test
    void architectureRowsMatchTheForwardPassAndTheFeatureStage(@TempDir Path dir) throws Exception {
        NetworkSpec spec = NetworkSpec.builder().arch("conv").constraint("tied").unitsPerStage(2).convWidth1(6)
                .hidden1(5).hidden2(7).headConv(4).headWidth(12).seed(5).build();
        ComputationGraph net = NetworkFactory.build(spec);
        List<ArchitectureFigure.Row> rows = ArchitectureFigure.rows(net, spec.arch());

        assertEquals(Arrays.asList(net.getConfiguration().getTopologicalOrderStr().toArray()),
                rows.stream().map(ArchitectureFigure.Row::name).toList());
        // shapes: what DL4J's forward pass actually produces at each vertex (batch dimension dropped)
        Map<String, INDArray> acts = net.feedForward(Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28), false);
        for (ArchitectureFigure.Row r : rows) {
            long[] s = acts.get(r.name()).shape();
            String expected = Arrays.stream(s, 1, s.length).mapToObj(Long::toString).collect(Collectors.joining(" x "));
            assertEquals(expected, r.shape(), r.name());
        }
        List<String> invertible = rows.stream().filter(ArchitectureFigure.Row::invertible).map(ArchitectureFigure.Row::name).toList();
        List<String> expectedInvertible = new java.util.ArrayList<>(List.of("input"));
        expectedInvertible.addAll(FeatureStage.of(net).names());
        assertEquals(expectedInvertible, invertible);
        assertEquals(net.numParams(), rows.stream().mapToLong(ArchitectureFigure.Row::params).sum());

        ArchitectureFigure.write(net, "small", spec.arch(), dir);
        assertNotNull(ImageIO.read(dir.resolve(ArchitectureFigure.PNG).toFile()));
        String reading = ArchitectureFigure.reading(Table.readCsv(dir.resolve(ArchitectureFigure.CSV)));
        assertTrue(reading.contains("the 24 x 7 x 7 = 1176 numbers at unit2_2"), reading);
    }

    @Test
    void trainingCurvesCsvHoldsTheRecordedHistory(@TempDir Path dir) throws Exception {
        Path modelDir = Path.of("model");
        TrainingCurves.write(AccuracyTable.metadata(modelDir), dir);
        Table csv = Table.readCsv(dir.resolve(TrainingCurves.CSV));
        // independent of the records: the JSON files as plain trees
        int rows = 0;
        for (Path json : Files.list(modelDir).filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
            JsonNode m = new ObjectMapper().readTree(json.toFile());
            Table mine = csv.where("model", m.get("name").asText());
            JsonNode history = m.get("history");
            assertEquals(history.size(), mine.rows().size(), json.toString());
            for (int e = 0; e < history.size(); e++) {
                assertEquals(history.get(e).get("testAccuracyPct").asDouble(),
                        Double.parseDouble(mine.column("test_accuracy_pct").get(e)), 1e-6);
                JsonNode v = history.get(e).get("validationAccuracyPct");
                String cell = mine.column("validation_accuracy_pct").get(e);
                if (v == null || v.isNull()) {
                    assertEquals("", cell, "no validation split, no validation accuracy");
                } else {
                    assertEquals(v.asDouble(), Double.parseDouble(cell), 1e-6);
                }
                assertEquals(history.get(e).get("lastLoss").asDouble(),
                        Double.parseDouble(mine.column("last_loss").get(e)), 1e-7 * history.get(e).get("lastLoss").asDouble());
            }
            rows += history.size();
        }
        assertEquals(rows, csv.rows().size());
        assertNotNull(ImageIO.read(dir.resolve(TrainingCurves.PNG).toFile()));
        String reading = TrainingCurves.reading(csv);
        JsonNode tied = new ObjectMapper().readTree(modelDir.resolve("conv-tied.json").toFile()).get("history");
        String expected = String.format(java.util.Locale.ROOT, "conv-tied: test %.2f %% after epoch 1, %.2f %% after epoch %d",
                tied.get(0).get("testAccuracyPct").asDouble(), tied.get(tied.size() - 1).get("testAccuracyPct").asDouble(),
                tied.size());
        assertTrue(reading.contains(expected), reading + " should contain " + expected);
    }
}
