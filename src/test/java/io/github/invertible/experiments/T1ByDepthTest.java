package io.github.invertible.experiments;

import io.github.invertible.report.CsvTable;
import io.github.invertible.report.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The T1-by-depth reading and plot are computed from the CSV: the first failing depth is the one named. */
class T1ByDepthTest {
    @Test
    void readingNamesTheShallowestDepthWhereTheExistingMethodFails(@TempDir Path dir) throws Exception {
        CsvTable t = new CsvTable(T1ByDepth.COLUMNS);
        String[] layers = {"squeeze1", "pad1", "unit1_1", "unit1_2"};
        double[] existing = {100, 100, 100, 40};
        for (int d = 0; d < layers.length; d++) {
            t.add("conv-tied", d, layers[d], "proposed", 10, 100.0, 1e-9, 4, 1.5, "");
            t.add("conv-tied", d, layers[d], "existing", 10, existing[d], existing[d] < 100 ? 1e3 : 1e-9, 200, 9.0,
                    existing[d] < 100 ? "unit1_2: BUDGET_EXHAUSTED x6" : "");
        }
        Path csv = dir.resolve(T1ByDepth.CSV);
        t.write(csv);
        Table read = Table.readCsv(csv);
        String reading = T1ByDepth.reading(read);
        assertTrue(reading.contains("only from the vertices below unit1_2; from unit1_2 it recovers 40 % of them "
                + "(mean relative error 1000 %)."), reading);
        assertTrue(reading.contains("the proposed method recovers every digit from every vertex"), reading);
        assertTrue(reading.contains("inverted from each of its 4 feature-stage vertices"), reading);
        assertFalse(reading.contains("at least 100 %"), reading);
        T1ByDepth.plot(read, dir.resolve(T1ByDepth.PNG));
        assertTrue(Files.size(dir.resolve(T1ByDepth.PNG)) > 1000);
    }
}
