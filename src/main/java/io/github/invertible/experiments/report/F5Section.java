package io.github.invertible.experiments.report;

import io.github.invertible.experiments.F5InverseStability;
import io.github.invertible.experiments.F5WorstDirection;
import io.github.invertible.report.Report;
import io.github.invertible.report.Table;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * F5: the stability of the inverse along a random direction ({@link F5InverseStability}) and along the worst-case
 * direction ({@link F5WorstDirection}, summarised by {@link F5WorstSummary}).
 */
final class F5Section implements ReportSection {
    @Override
    public void addTo(Report r, Path out, Context ctx) {
        Path f5 = out.resolve(F5InverseStability.CSV);
        if (Files.isRegularFile(f5)) {
            r.heading(2, "F5 — stability of the inverse");
            r.figure("F5: amplification ||x(eps) - x|| / (eps ||y||) of a perturbation of size eps ||y|| of the "
                    + "top representation, along a random direction (" + F5InverseStability.PER_CLASS * 10 + " test "
                    + "digits, proposed method) and along the worst-case direction (" + F5WorstDirection.PER_CLASS * 10
                    + " digits, both methods; below, per unit), against the bounds of the design notes",
                    out.resolve(F5InverseStability.PNG));
            r.paragraph(F5InverseStability.reading(Table.readCsv(f5)));
            Table random = Table.readCsv(f5);
            java.util.List<String> eps = random.column("eps");
            String first = eps.get(0);
            String last = eps.get(eps.size() - 1);
            r.table("F5, the smallest and the largest perturbation (the CSV has every size between; the amplification "
                    + "barely moves)", new Table(random.header(), random.rows().stream()
                    .filter(x -> x.get(random.header().indexOf("eps")).equals(first)
                            || x.get(random.header().indexOf("eps")).equals(last)).toList()), f5);
            Path worst = out.resolve(F5WorstDirection.CSV);
            if (Files.isRegularFile(worst)) { // the worst-case direction, DESIGN §8.4
                r.paragraph(F5WorstDirection.reading(Table.readCsv(worst)));
                r.table("F5 worst-case direction, over all perturbation sizes (certified: inversions certified of those "
                        + "run; the CSV has one row per size)", F5WorstSummary.of(Table.readCsv(worst)), worst);
            }
        }
    }
}
