package io.github.invertible.experiments.report;

import io.github.invertible.experiments.F2ResidualInvertibility;
import io.github.invertible.report.Cells;
import io.github.invertible.report.Report;
import io.github.invertible.report.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * F2: random residual units inverted by each method, by Lipschitz bound ({@link F2ResidualInvertibility}), and
 * the median iterations in words.
 */
final class F2Section implements ReportSection {
    @Override
    public void addTo(Report r, Path out, Context ctx) {
        Path f2 = out.resolve(F2ResidualInvertibility.CSV);
        if (Files.isRegularFile(f2)) {
            r.heading(2, "F2 — residual units inverted by the existing and the proposed method");
            r.figure("F2: % of 500 random fully connected residual units inverted, by Lipschitz bound L = ‖W2‖‖W1‖",
                    out.resolve(F2ResidualInvertibility.PNG));
            r.paragraph(Readings.f2(Table.readCsv(f2)));
            r.table("F2: % of the units inverted, by unit size n = k (truly invertible: checked exactly, for the "
                    + "smaller units only)", Table.readCsv(f2).spread(List.of("lipschitz_bound"), "n",
                    List.of("existing_pct", "proposed_pct", "split_pct", "truly_invertible_pct"), "n = "), f2);
            Path iters = out.resolve(F2ResidualInvertibility.ITERATIONS_CSV);
            if (Files.isRegularFile(iters)) { // a table of the same shape again: linked, with its headline in words
                Table it = Table.readCsv(iters);
                List<String> last = it.rows().get(it.rows().size() - 1);
                r.paragraph(String.format(Locale.ROOT, "Median iterations per unit at L = %s, n = k = %s: existing %s, "
                                + "proposed %s, split %s ([" + F2ResidualInvertibility.ITERATIONS_CSV + "]("
                                + F2ResidualInvertibility.ITERATIONS_CSV + ") has every point).",
                        Cells.cell(last, it, "lipschitz_bound"), Cells.cell(last, it, "n"),
                        Cells.cell(last, it, "existing_median_iterations"),
                        Cells.cell(last, it, "proposed_median_iterations"),
                        Cells.cell(last, it, "split_median_iterations")));
            }
        }
    }
}
