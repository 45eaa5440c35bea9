package io.github.invertible.experiments.report;

import io.github.invertible.experiments.F1RltInvertibility;
import io.github.invertible.report.Cells;
import io.github.invertible.report.Report;
import io.github.invertible.report.Table;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * F1: the share of random rectifier linear transforms that determine their input, against the binomial
 * prediction ({@link F1RltInvertibility}); the table shows the rows where the share changes.
 */
final class F1Section implements ReportSection {
    @Override
    public void addTo(Report r, Path out, Context ctx) {
        Path f1 = out.resolve(F1RltInvertibility.CSV);
        if (Files.isRegularFile(f1)) {
            r.heading(2, "F1 — invertibility of random rectifier linear transforms");
            r.figure("F1: % of 500 random y = relu(Wx + b) that determine x, against P[Binomial(m, 1/2) >= n]",
                    out.resolve(F1RltInvertibility.PNG));
            Table t = Table.readCsv(f1);
            r.paragraph(Readings.f1(t));
            Table main = Readings.mainF1(t);
            r.table("F1, n = " + main.column("n").get(0) + ", no bias, where the share changes (the CSV has every m, "
                    + "a smaller n and a bias ~ N(0,1))", transition(main).select("m", "ratio", "invertible_pct",
                    "predicted_pct"), f1);
        }
    }

    /** The rows where the measured or the predicted share is strictly between 0 and 100, and one on each side. */
    static Table transition(Table t) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < t.rows().size(); i++) {
            double m = Double.parseDouble(Cells.raw(t.rows().get(i), t, "invertible_pct"));
            double p = Double.parseDouble(Cells.raw(t.rows().get(i), t, "predicted_pct"));
            if ((m > 0 && m < 100) || (p >= 0.05 && p < 99.95)) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        return first < 0 ? t : new Table(t.header(), t.rows().subList(Math.max(0, first - 1),
                Math.min(t.rows().size(), last + 2)));
    }
}
