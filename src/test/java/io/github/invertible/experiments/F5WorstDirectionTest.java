package io.github.invertible.experiments;

import io.github.invertible.report.CsvTable;
import io.github.invertible.report.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** F5's figure and reading drawn from both CSVs (random and worst-case direction), as reproduce writes them. */
class F5WorstDirectionTest {
    @Test
    void plotAndReadingComeFromBothCsvs(@TempDir Path dir) throws Exception {
        CsvTable random = new CsvTable(F5InverseStability.COLUMNS);
        CsvTable worst = new CsvTable(F5WorstDirection.COLUMNS);
        for (double eps : new double[]{1e-8, 1e-4, 1e-1}) {
            random.add("conv-tied", eps, "random", 100, 100, 0.3, 0.5, 1.0);
            for (String level : new String[]{F5WorstDirection.STAGE, "unit1_1", "unit1_2"}) {
                worst.add("conv-tied", level, "proposed", eps, 10, 10, 0, 0, 0, 0.97, 0.999, 20, 0.96, 0.998, 1.0);
                // the existing method: every sample out of budget, so no certified amplification (NaN)
                worst.add("conv-tied", level, "existing", eps, 10, 0, 10, 0, 0, 0.97, 0.999, 20, Double.NaN,
                        Double.NaN, 1.0);
            }
        }
        random.write(dir.resolve(F5InverseStability.CSV));
        worst.write(dir.resolve(F5WorstDirection.CSV));
        Table w = Table.readCsv(dir.resolve(F5WorstDirection.CSV));
        F5Plot.plot(Table.readCsv(dir.resolve(F5InverseStability.CSV)), w, dir.resolve("f5.png"));
        assertTrue(Files.size(dir.resolve("f5.png")) > 1000);
        String reading = F5WorstDirection.reading(w);
        assertTrue(reading.contains("conv-tied: stage sigma max 0.999"), reading);
        assertTrue(reading.contains("0/10 converged, 10 budget"), reading);
    }
}
