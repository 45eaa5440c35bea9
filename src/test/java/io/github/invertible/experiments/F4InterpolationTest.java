package io.github.invertible.experiments;

import io.github.invertible.data.ImageDataset;
import io.github.invertible.model.NetworkFactory;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.report.Table;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * F4 (DESIGN §8.3) on a small random tied network saved as {@code conv-tied.zip}: every point of each segment is
 * certified, the ends (representations of real images, inside the padding's range) have no dropped padded part
 * while the inside of the segment has one, and the class assigned to the end points is the network's own class of
 * the two test images (so the recovered end points are those images, as far as the network can tell).
 */
class F4InterpolationTest {

    @Test
    void segmentsAreCertifiedAndOnlyTheirInsideLeavesTheRange(@TempDir Path dir) throws Exception {
        NetworkSpec spec = NetworkSpec.builder().arch("conv").constraint("tied").dataType(DataType.FLOAT)
                .unitsPerStage(2).convWidth1(6).hidden1(5).hidden2(7).headConv(4).headWidth(12).seed(5).build();
        ComputationGraph net = NetworkFactory.build(spec);
        ModelSerializer.writeModel(net, dir.resolve("conv-tied.zip").toFile(), false);
        ImageDataset mnist = ImageDataset.loadDefault();

        F4Interpolation.run(dir, dir, mnist);

        assertTrue(Files.isRegularFile(dir.resolve(F4Interpolation.png("conv-tied"))));
        Table t = Table.readCsv(dir.resolve(F4Interpolation.CSV));
        assertEquals(F4Interpolation.PAIRS.length * (F4Interpolation.STEPS + 1), t.rows().size());
        assertTrue(t.column("certified").stream().allMatch("true"::equals), "every point certified");
        double endMax = 0;
        double insideMax = 0;
        for (int i = 0; i < t.rows().size(); i++) {
            double tt = Double.parseDouble(t.column("t").get(i));
            double share = Double.parseDouble(t.column("dropped_share").get(i));
            if (tt == 0 || tt == 1) {
                endMax = Math.max(endMax, share);
                String index = t.column(tt == 0 ? "test_index_a" : "test_index_b").get(i);
                INDArray x = mnist.test().select(new int[]{Integer.parseInt(index)}).features(true, DataType.FLOAT);
                assertEquals(net.outputSingle(x).argMax(1).getInt(0),
                        Integer.parseInt(t.column("assigned_class").get(i)), "end point t = " + tt);
            } else {
                insideMax = Math.max(insideMax, share);
            }
        }
        assertTrue(endMax < 1e-6, "ends lie in the padding's range, dropped share " + endMax);
        assertTrue(insideMax > 100 * Math.max(endMax, 1e-12), "the segment leaves the range: " + insideMax);
    }
}
