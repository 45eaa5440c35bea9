package io.github.invertible.training;

import io.github.invertible.common.Json;
import io.github.invertible.model.UnitStatistics;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shipped lipschitz model's history ends with the norms of the weights it ships: each unit's ‖W1‖ and ‖W2‖ are
 * recomputed from the zip's coefficients (power iteration on the saved kernels) and compared with the last row of
 * {@code model/NAME.json}, and the recomputed branch bound ‖W2‖‖W1‖ stays within the model's constraint. It checks
 * conv-lipschitz-0.9, the T1 model whose history once recorded the norms from before the final projection (about
 * 20 s; {@code LastHistoryRow model/NAME.zip} prints the same comparison for any other model).
 */
class ShippedLipschitzHistoryTest {

    @Test
    void theLastHistoryRowOfEveryShippedLipschitzModelMatchesItsWeights() throws Exception {
        List<Path> zips;
        try (Stream<Path> s = Files.list(Path.of("model"))) {
            zips = s.filter(p -> p.getFileName().toString().equals("conv-lipschitz-0.9.zip")).toList();
        }
        assertFalse(zips.isEmpty(), "no lipschitz model shipped in model/");
        for (Path zip : zips) {
            ModelMetadata meta = Json.read(Path.of(zip.toString().replace(".zip", ".json")), ModelMetadata.class);
            String constraint = meta.spec().constraint().toString();
            assertTrue(constraint.startsWith("lipschitz:"), zip + ": " + constraint);
            double bound = Double.parseDouble(constraint.substring("lipschitz:".length()));
            ComputationGraph net = ModelSerializer.restoreComputationGraph(zip.toFile(), false);
            Map<String, UnitStatistics.Unit> measured = UnitStatistics.of(net, meta.spec().arch(),
                    meta.datasetOrMnist().shape());
            Map<String, UnitStatistics.Unit> recorded = meta.history().get(meta.history().size() - 1).units();
            assertEquals(measured.keySet(), recorded.keySet(), zip.toString());
            for (var e : measured.entrySet()) {
                UnitStatistics.Unit r = recorded.get(e.getKey());
                String where = zip.getFileName() + " " + e.getKey();
                assertEquals(e.getValue().normW1(), r.normW1(), 1e-5 * r.normW1(), where + " ||W1||");
                assertEquals(e.getValue().normW2(), r.normW2(), 1e-5 * r.normW2(), where + " ||W2||");
                assertTrue(r.branchBound() <= bound * (1 + 1e-6), where + ": recorded bound " + r.branchBound());
            }
        }
    }
}
