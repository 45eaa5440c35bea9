package io.github.invertible.references;

import io.github.invertible.model.NetworkFactory;
import io.github.invertible.model.NetworkSpec;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link ReferenceModels#forEachPresent}: the experiment runs on the saved model (its weights as saved) and on no
 * other, and each missing model is reported in one "skipped" line naming its zip, in the order given.
 */
class ReferenceModelsLoadTest {

    @Test
    void runsOnPresentModelsAndSkipsMissingOnesInOneLine(@TempDir Path dir) throws Exception {
        NetworkSpec spec = NetworkSpec.builder().arch("conv").constraint("tied").dataType(DataType.FLOAT)
                .unitsPerStage(1).convWidth1(6).hidden1(3).hidden2(3).headConv(2).headWidth(8).seed(3).build();
        ComputationGraph saved = NetworkFactory.build(spec);
        ModelSerializer.writeModel(saved, dir.resolve("present.zip").toFile(), false);

        List<String> ran = new ArrayList<>();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            ReferenceModels.forEachPresent(dir, List.of("gone", "present", "absent"), "FX", (model, net) -> {
                ran.add(model);
                assertEquals(saved.params(), net.params(), "the saved weights");
            });
        } finally {
            System.setOut(stdout);
        }

        assertEquals(List.of("present"), ran);
        assertEquals(List.of("FX: " + dir.resolve("gone.zip") + " not found, skipped",
                        "FX: " + dir.resolve("absent.zip") + " not found, skipped"),
                printed.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("FX")).toList());
    }
}
