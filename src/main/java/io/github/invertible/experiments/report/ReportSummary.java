package io.github.invertible.experiments.report;

import io.github.invertible.experiments.AccuracyTable;
import io.github.invertible.experiments.F2ResidualInvertibility;
import io.github.invertible.experiments.RelativeErrorTable;
import io.github.invertible.references.ReferenceModels;
import io.github.invertible.report.Cells;
import io.github.invertible.report.Report;
import io.github.invertible.report.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one-paragraph summary on top of the report, computed from the CSV files in the report folder (each
 * sentence only when its file is there), so it says what the tables below say.
 */
final class ReportSummary implements ReportSection {
    @Override
    public void addTo(Report r, Path out, Context ctx) {
        String summary = text(out);
        if (!summary.isEmpty()) {
            r.paragraph(summary);
        }
    }

    /** The summary paragraph, or "" when none of the files it reads exists. */
    static String text(Path out) {
        List<String> sentences = new ArrayList<>();
        Path f2 = out.resolve(F2ResidualInvertibility.CSV);
        if (Files.isRegularFile(f2)) {
            sentences.add(f2(Table.readCsv(f2)));
        }
        Path t1 = out.resolve(RelativeErrorTable.CSV);
        if (Files.isRegularFile(t1)) {
            sentences.add(t1(Table.readCsv(t1)));
        }
        Path t2 = out.resolve(AccuracyTable.CSV);
        if (Files.isRegularFile(t2)) {
            String s = t2(Table.readCsv(t2));
            if (s != null) {
                sentences.add(s);
            }
        }
        return sentences.isEmpty() ? "" : "**Summary.** " + String.join(" ", sentences);
    }

    /** The smallest units at the largest bound L: the two methods' shares. */
    static String f2(Table t) {
        Table rows = t.where("n", t.column("n").get(0));
        List<String> last = rows.rows().get(rows.rows().size() - 1);
        return String.format(Locale.ROOT, "On random residual units whose branch has Lipschitz bound L = %s (n = k = "
                        + "%s, F2), the proposed activation-pattern method inverts %s %% of them and the existing "
                        + "fixed-point method of i-ResNet %s %%.", Cells.cell(last, rows, "lipschitz_bound"),
                Cells.cell(last, rows, "n"), Cells.cell(last, rows, "proposed_pct"),
                Cells.cell(last, rows, "existing_pct"));
    }

    /** Per model, over all classes: the share each method recovers. */
    static String t1(Table t) {
        List<String> parts = new ArrayList<>();
        for (String model : t.column("model").stream().distinct().toList()) {
            Table all = t.where("model", model).where("class", "all");
            List<String> methods = new ArrayList<>();
            String samples = null;
            for (List<String> r : all.rows()) {
                samples = Cells.cell(r, all, "samples");
                methods.add(Cells.cell(r, all, "method") + " " + Cells.cell(r, all, "recovered_pct") + " %");
            }
            parts.add(model + " (" + String.join(", ", methods) + " of " + samples + " test digits)");
        }
        return "Recovering test digits from the top of a trained network's feature stage (T1), with a relative error "
                + "below 0.001 %: " + String.join("; ", parts) + ".";
    }

    /** The default invertible model's accuracy against the plain CNN's, when both are in T2. */
    static String t2(Table t) {
        String model = ReferenceModels.ALL.get(0).name();
        Table a = t.where("model", model);
        Table b = t.where("model", "plaincnn");
        if (a.rows().isEmpty() || b.rows().isEmpty()) {
            return null;
        }
        List<String> ra = a.rows().get(0);
        List<String> rb = b.rows().get(0);
        int seeds = (int) Cells.num(ra, a, "seeds");
        String ea = Cells.raw(ra, a, "epochs");
        String eb = Cells.raw(rb, b, "epochs");
        return String.format(Locale.ROOT, "%s, invertible at every hidden layer, reaches %s %% MNIST test accuracy "
                        + "(%s, %s epochs); a plain CNN reaches %s %% (%s epochs; T2).", model,
                Cells.cell(ra, a, "test_accuracy_pct"), seeds == 1 ? "one seed" : "mean of " + seeds + " seeds",
                ea, Cells.cell(rb, b, "test_accuracy_pct"), ea.equals(eb) ? "the same " + eb : eb);
    }
}
