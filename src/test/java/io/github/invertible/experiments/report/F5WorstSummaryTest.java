package io.github.invertible.experiments.report;

import io.github.invertible.experiments.F5WorstDirection;
import io.github.invertible.report.Table;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class F5WorstSummaryTest {
    private static final List<String> HEADER = List.of("model", "level", "method", "eps", "digits", "converged",
            "budget", "diverged", "other", "sigma_median", "sigma_max", "power_iterations", "median_amplification",
            "max_amplification", "bound");

    private static List<String> row(String method, String eps, int converged, String sigma, String amp) {
        return List.of("m", "stage", method, eps, "10", Integer.toString(converged), "0", "0", "0", "0.5", sigma, "20",
                "0.4", amp, "1");
    }

    @Test
    void oneRowPerGroupWithSumsAndMaximaThatSkipUncertifiedSizes() {
        Table t = new Table(HEADER, List.of(row("proposed", "1E-8", 10, "0.7", "0.71"),
                row("proposed", "0.1", 9, "0.8", "0.69"), row("existing", "1E-8", 0, "0.7", "NaN"),
                row("existing", "0.1", 0, "0.8", "NaN")));
        Table s = F5WorstSummary.of(t);
        assertEquals(F5WorstSummary.HEADER, s.header());
        assertEquals(List.of("m", "stage", "proposed", "2", "19/20", "0.8", "0.71", "1"), s.rows().get(0));
        assertEquals(List.of("m", "stage", "existing", "2", "0/20", "0.8", "none certified", "1"), s.rows().get(1));
    }

    @Test
    void theCommittedCsvShrinksByItsNumberOfSizes() {
        Table worst = Table.readCsv(Path.of("notebooks-export", F5WorstDirection.CSV));
        long sizes = worst.column("eps").stream().distinct().count();
        Table s = F5WorstSummary.of(worst);
        assertEquals(worst.rows().size(), s.rows().size() * sizes);
        int certified = 0;
        for (List<String> r : s.rows()) {
            certified += Integer.parseInt(r.get(4).split("/")[0]);
        }
        assertEquals(worst.column("converged").stream().mapToInt(Integer::parseInt).sum(), certified);
    }
}
