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
                // the stage's Lanczos converged on 7 of 10 digits only (a lower estimate); unit1_2 sits at exactly 1
                int conv = level.equals(F5WorstDirection.STAGE) ? 7 : 10;
                double sigma = level.equals("unit1_2") ? 1.0000000001 : 0.999;
                worst.add("conv-tied", level, "proposed", eps, 10, 10, 0, 0, 0, 0.97, sigma, conv, 60, 0.96, 0.998,
                        1.0);
                // the existing method: every sample out of budget, so no certified amplification (NaN)
                worst.add("conv-tied", level, "existing", eps, 10, 0, 10, 0, 0, 0.97, sigma, conv, 60, Double.NaN,
                        Double.NaN, 1.0);
            }
        }
        random.write(dir.resolve(F5InverseStability.CSV));
        worst.write(dir.resolve(F5WorstDirection.CSV));
        Table w = Table.readCsv(dir.resolve(F5WorstDirection.CSV));
        F5Plot.plot(Table.readCsv(dir.resolve(F5InverseStability.CSV)), w, dir.resolve("f5.png"));
        assertTrue(Files.size(dir.resolve("f5.png")) > 1000);
        String reading = F5WorstDirection.reading(w);
        assertTrue(reading.contains("conv-tied: stage sigma max 0.999 (lower estimate: Lanczos converged on 7/10 "
                + "digits in 60 steps)"), reading);
        assertTrue(reading.contains("largest unit 1/sigma_min 1 (unit1_2, Lanczos, converged on 10/10 digits"), reading);
        assertTrue(reading.contains("; unit1_2 sits at exactly 1 (sigma_min(J) = 1"), reading);
        assertTrue(!reading.contains("unit1_1 sit"), "0.999 is not 1: " + reading);
        assertTrue(reading.contains("the existing method certified 0 of ") && reading.contains("diverged)"), reading);
    }

    @Test
    void aCsvOfPowerIterationsReadsAsLowerEstimates(@TempDir Path dir) throws Exception {
        CsvTable old = new CsvTable("model", "level", "method", "eps", "digits", "converged", "budget", "diverged",
                "other", "sigma_median", "sigma_max", "power_iterations", "median_amplification", "max_amplification",
                "bound");
        for (String level : new String[]{F5WorstDirection.STAGE, "unit2_1"}) {
            old.add("conv-tied", level, "proposed", 1e-8, 10, 10, 0, 0, 0, 0.99, 0.9998, 20, 0.99, 0.9998, 1.0);
            old.add("conv-tied", level, "existing", 1e-8, 10, 0, 10, 0, 0, 0.99, 0.9998, 20, Double.NaN, Double.NaN,
                    1.0);
        }
        old.write(dir.resolve("old.csv"));
        String reading = F5WorstDirection.reading(Table.readCsv(dir.resolve("old.csv")));
        assertTrue(reading.contains("(lower estimate: power iteration)"), reading);
    }
}
