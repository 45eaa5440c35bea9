package io.github.invertible.experiments;

import io.github.invertible.model.NetworkSpec;
import io.github.invertible.model.UnitStatistics;
import io.github.invertible.report.Table;
import io.github.invertible.training.EpochRecord;
import io.github.invertible.training.ModelMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The unit curves hold every recorded unit of every epoch, and nothing when no model recorded its units. */
class UnitCurvesTest {
    @TempDir
    Path dir;

    private static ModelMetadata model(String name, Double alpha, double scale) {
        List<EpochRecord> history = new java.util.ArrayList<>();
        for (int e = 1; e <= 3; e++) {
            Map<String, UnitStatistics.Unit> units = new LinkedHashMap<>();
            for (int k = 1; k <= 2; k++) {
                double n1 = scale * e * k;
                units.put("unit1_" + k, new UnitStatistics.Unit(alpha == null ? null : alpha * e, n1,
                        alpha == null ? 0.5 * n1 : alpha * e * n1));
            }
            history.add(new EpochRecord(e, 99, 60, 100, 0.1, 99.0, units));
        }
        return new ModelMetadata(name, NetworkSpec.builder().build(), 1, 3, 128, 55000, 2, 10, 0.1, 1000, 99,
                new double[10], 3, 100, history, null, null, null);
    }

    @Test
    void everyUnitOfEveryEpochIsInTheCsvAndTheFigureIsDrawn() throws Exception {
        List<ModelMetadata> models = List.of(model("conv-tied", 0.1, 1), model("conv-tied-seed2", 0.2, 1),
                model("conv-none", null, 2));
        UnitCurves.write(models, dir);
        Table t = Table.readCsv(dir.resolve(UnitCurves.CSV));
        assertEquals(3 * 3 * 2, t.rows().size(), "3 models x 3 epochs x 2 units");
        Table one = t.where("model", "conv-tied").where("epoch", "2").where("unit", "unit1_2");
        assertEquals(0.2, Double.parseDouble(one.column("alpha").get(0)), 1e-12);
        assertEquals(4.0, Double.parseDouble(one.column("norm_w1").get(0)), 1e-12);
        assertEquals(4.0 * 0.8, Double.parseDouble(one.column("branch_bound").get(0)), 1e-12);
        assertEquals("", t.where("model", "conv-none").column("alpha").get(0), "untied: no alpha");
        assertNotNull(ImageIO.read(dir.resolve(UnitCurves.png("mnist")).toFile()));
        String reading = UnitCurves.reading(t);
        // conv-tied after epoch 3: n1 = 3 and 6, alpha 0.3, bound 0.3 n1^2 = 2.7 and 10.8
        assertTrue(reading.contains("conv-tied ||W2|| ||W1|| from 2.70 to 10.8, alpha from 0.300 to 0.300"), reading);
        assertFalse(reading.contains("conv-tied-seed2"), "other seeds are in the CSV only");
    }

    @Test
    void noRecordedUnitsNoTableAndNoStaleOne() throws Exception {
        Files.writeString(dir.resolve(UnitCurves.CSV), "stale");
        ModelMetadata old = new ModelMetadata("conv-tied", NetworkSpec.builder().build(), 1, 1, 128, 60000, 2, 10, 0.1,
                1000, 99, new double[10], 3, 100, List.of(new EpochRecord(1, 99, 60, 100, 0.1)), null, null, null);
        UnitCurves.write(List.of(old), dir);
        assertFalse(Files.exists(dir.resolve(UnitCurves.CSV)));
    }
}
