package io.github.invertible.experiments.report;

import io.github.invertible.experiments.Frontier;
import io.github.invertible.report.Readable;
import io.github.invertible.report.Report;
import io.github.invertible.report.Table;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * T3, the accuracy-invertibility frontier ({@link Frontier}), right after T2: accuracy and each method's certified
 * share as the constraint on the residual branches is loosened.
 */
final class T3Section implements ReportSection {
    @Override
    public void addTo(Report r, Path out, Context ctx) {
        Path t3 = out.resolve(Frontier.CSV);
        if (Files.isRegularFile(t3)) {
            r.heading(2, "T3 — accuracy-invertibility frontier");
            r.figure("T3: test accuracy (left axis; dashed: the plain CNN) and the share of T1's digits each inverse "
                    + "method certifies (right axis), as the constraint on the residual branches is loosened from "
                    + "lipschitz:0.9 through tied and lipschitz:2, 4, 8 to none", out.resolve(Frontier.PNG));
            Table frontier = Table.readCsv(t3);
            r.paragraph(Frontier.reading(frontier));
            r.paragraph("T1 and F3 above include " + Frontier.chosen(frontier).map(m -> m + ", the most accurate "
                    + "model certified on at least " + Readable.number(Frontier.CERTIFIED_PCT) + " % of the digits "
                    + "(chosen from this table, not by name)").orElse("no frontier model chosen (none is certified)")
                    + ". The seconds columns are each method's wall time on the digits counted.");
            r.table("T3", t3);
        }
    }
}
