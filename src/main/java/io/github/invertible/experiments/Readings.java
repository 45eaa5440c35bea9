package io.github.invertible.experiments;

import io.github.invertible.report.Readable;
import io.github.invertible.report.Table;

import java.util.List;
import java.util.Locale;

/** Short readings of each result, computed from the tables (so they change when the numbers do). */
final class Readings {
    private Readings() {
    }

    static String f1(Table t) {
        double worstSe = 0;
        String worst = "";
        for (List<String> r : t.rows()) {
            double cases = num(r, t, "cases");
            double measured = num(r, t, "invertible_pct") / 100;
            double predicted = num(r, t, "predicted_pct") / 100;
            double se = Math.sqrt(Math.max(predicted * (1 - predicted), 1e-12) / cases);
            double z = Math.abs(measured - predicted) / se;
            if (z > worstSe && predicted > 0.01 && predicted < 0.99) {
                worstSe = z;
                worst = String.format(Locale.ROOT, "n = %s, m = %s, bias %s", cell(r, t, "n"), cell(r, t, "m"),
                        cell(r, t, "bias"));
            }
        }
        return String.format(Locale.ROOT, "**Reading.** A random rectifier transform determines its input exactly "
                + "when at least n of its m rows are active, so the measured fraction follows P[Binomial(m, 1/2) >= n]: "
                + "where the prediction is between 1 %% and 99 %%, the largest gap is %.1f binomial standard errors "
                + "(%s). Below m = 2n most transforms lose information; from about m = 3n almost none does.",
                worstSe, worst);
    }

    static String f2(Table t) {
        StringBuilder sb = new StringBuilder("**Reading.** ");
        for (String n : t.column("n").stream().distinct().toList()) {
            Table rows = t.where("n", n);
            List<String> last = rows.rows().get(rows.rows().size() - 1);
            List<String> atOne = rows.rows().stream().filter(r -> Double.parseDouble(raw(r, t, "lipschitz_bound")) <= 1.0)
                    .reduce((a, b) -> b).orElse(rows.rows().get(0));
            sb.append(String.format(Locale.ROOT, "For n = k = %s, at L = %s both methods invert %s %% / %s %% of the "
                            + "units (existing / proposed); at L = %s the existing method inverts %s %%, the proposed "
                            + "%s %% and its split variant %s %%%s. ", n, cell(atOne, t, "lipschitz_bound"),
                    cell(atOne, t, "existing_pct"), cell(atOne, t, "proposed_pct"), cell(last, t, "lipschitz_bound"),
                    cell(last, t, "existing_pct"), cell(last, t, "proposed_pct"), cell(last, t, "split_pct"),
                    cell(last, t, "truly_invertible_pct").isEmpty() ? ""
                            : ", while " + cell(last, t, "truly_invertible_pct") + " % of the units are truly invertible"));
        }
        sb.append("Above L = 1 the i-ResNet fixed point is no longer guaranteed to converge and fails first; the "
                + "activation-pattern method keeps finding the preimage, also of units that are not injective "
                + "(then a different preimage may be found: see f2_outcomes.csv).");
        return sb.toString();
    }

    static String t1(Table t) {
        StringBuilder sb = new StringBuilder("**Reading.** Over all classes: ");
        for (List<String> r : t.where("class", "all").rows()) {
            sb.append(String.format(Locale.ROOT, "model %s, %s method: mean relative error %s %%, %s %% of the digits "
                            + "recovered (error < 1e-3 %%), median %s iterations per unit%s; ", cell(r, t, "model"),
                    cell(r, t, "method"), cell(r, t, "mean_rel_err_pct"), cell(r, t, "recovered_pct"),
                    cell(r, t, "median_iters"), cell(r, t, "failures").isEmpty() ? ""
                            : " (failures: " + cell(r, t, "failures") + ")"));
        }
        return sb.toString().replaceAll("; $", ".");
    }

    static String t2(Table t) {
        StringBuilder sb = new StringBuilder("**Reading.** ");
        for (List<String> r : t.where("source", "measured").rows()) {
            sb.append(String.format(Locale.ROOT, "%s %s %%; ", cell(r, t, "model"), cell(r, t, "test_accuracy_pct")));
        }
        sb.append("test accuracy on the 10 000 MNIST test images, after the epochs listed (mean over the seeds "
                + "where there are several).");
        String cost = AccuracyTable.costOfInvertibility(t, ReferenceModels.ALL.get(0).name(), "plaincnn");
        return cost == null ? sb.toString() : sb.append(" ").append(cost).toString();
    }

    /** A cell as the reader sees it (numbers rounded for display, see {@link Readable}). */
    private static String cell(List<String> row, Table t, String column) {
        return Readable.cell(column, raw(row, t, column));
    }

    /** A cell as written in the CSV. */
    static String raw(List<String> row, Table t, String column) {
        return row.get(t.header().indexOf(column));
    }

    static double num(List<String> row, Table t, String column) {
        return Double.parseDouble(raw(row, t, column));
    }
}
