package io.github.invertible.experiments.report;

import io.github.invertible.experiments.AccuracyTable;
import io.github.invertible.experiments.F2ResidualInvertibility;
import io.github.invertible.references.ReferenceModels;
import io.github.invertible.report.Readable;
import io.github.invertible.report.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.github.invertible.report.Cells.cell;
import static io.github.invertible.report.Cells.num;
import static io.github.invertible.report.Cells.raw;

/**
 * Short readings of each result in plain words, computed from the tables (so they change when the numbers do).
 * Every number quoted is a cell of the CSV, shown as {@link Readable} shows it in the table.
 */
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
                worst = String.format(Locale.ROOT, "n = %s, m = %s, %s", cell(r, t, "n"), cell(r, t, "m"),
                        "0".equals(raw(r, t, "bias")) ? "no bias" : "with a bias");
            }
        }
        Table main = mainF1(t);
        String n = main.column("n").get(0);
        List<String> half = null;
        String allFrom = null;
        for (List<String> r : main.rows()) {
            if (half == null && num(r, main, "ratio") >= 2) {
                half = r;
            }
            if (allFrom == null && num(r, main, "invertible_pct") >= 100) {
                allFrom = cell(r, main, "m");
            }
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "**Reading.** A transform y = relu(Wx) with "
                + "m outputs determines its n inputs when at least n of the m outputs are positive, which happens with "
                + "probability P[Binomial(m, 1/2) >= n]. The measured share follows this prediction: where the "
                + "prediction lies between 1 %% and 99 %%, measurement and prediction differ by at most %.1f binomial "
                + "standard errors (%s).", worstSe, worst));
        if (half != null) {
            sb.append(String.format(Locale.ROOT, " For n = %s, at m = %s (twice as many outputs as inputs) %s %% of "
                    + "the transforms are invertible (predicted %s %%)", n, cell(half, main, "m"),
                    cell(half, main, "invertible_pct"), cell(half, main, "predicted_pct")));
            sb.append(allFrom == null ? "." : ", and from m = " + allFrom + " every one of them is.");
        }
        return sb.toString();
    }

    /** F1's rows shown in the report: the largest n, without bias (the CSV's first bias value). */
    static Table mainF1(Table t) {
        String n = t.column("n").stream().max((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)))
                .orElseThrow();
        return t.where("n", n).where("bias", t.column("bias").get(0));
    }

    static String f2(Table t) {
        StringBuilder sb = new StringBuilder("**Reading.** ");
        for (String n : t.column("n").stream().distinct().toList()) {
            Table rows = t.where("n", n);
            String allUpTo = null;
            for (List<String> r : rows.rows()) {
                if (num(r, rows, "existing_pct") >= 100 && num(r, rows, "proposed_pct") >= 100) {
                    allUpTo = cell(r, rows, "lipschitz_bound");
                } else {
                    break;
                }
            }
            List<String> last = rows.rows().get(rows.rows().size() - 1);
            sb.append(String.format(Locale.ROOT, "With n = k = %s, ", n));
            if (allUpTo != null) {
                sb.append("both methods invert every unit up to L = ").append(allUpTo).append("; ");
            }
            sb.append(String.format(Locale.ROOT, "at L = %s the existing method inverts %s %% of the units, the "
                            + "proposed method %s %% and its split variant %s %%", cell(last, rows, "lipschitz_bound"),
                    cell(last, rows, "existing_pct"), cell(last, rows, "proposed_pct"), cell(last, rows, "split_pct")));
            String truly = cell(last, rows, "truly_invertible_pct");
            sb.append(truly == null || truly.isEmpty() ? ". "
                    : ", while only " + truly + " % of these units are invertible at all. ");
        }
        sb.append("Above L = 1 the fixed-point iteration of i-ResNet is no longer guaranteed to converge and fails "
                + "first; the activation-pattern method keeps finding a preimage, also of units that are not "
                + "one-to-one (it may then find a different preimage than the one that produced y: "
                + F2ResidualInvertibility.OUTCOMES_CSV + " counts them).");
        return sb.toString();
    }

    /** Per model over all classes, in words: how many digits each method recovers and why the rest failed. */
    static String t1(Table t) {
        List<String> parts = new ArrayList<>();
        for (String model : t.column("model").stream().distinct().toList()) {
            List<String> methods = new ArrayList<>();
            for (List<String> r : t.where("model", model).where("class", "all").rows()) {
                String failures = raw(r, t, "failures");
                methods.add(String.format(Locale.ROOT, "the %s method recovers %s %% of the %s test digits (mean "
                                + "relative error %s %%, a median of %s iterations per unit)%s", cell(r, t, "method"),
                        cell(r, t, "recovered_pct"), cell(r, t, "samples"), cell(r, t, "mean_rel_err_pct"),
                        cell(r, t, "median_iters"), failures.isBlank() ? "" : "; " + failureWords(failures)));
            }
            parts.add(model + ": " + String.join(", ", methods));
        }
        return "**Reading.** A digit counts as recovered when its inverse is certified and its relative error against "
                + "the original is below 0.001 % (1e-5). " + String.join(". ", parts) + ".";
    }

    /** "unit2_3: BUDGET_EXHAUSTED x1000" as "it runs out of its iteration budget at unit2_3 on 1000 digits". */
    static String failureWords(String failures) {
        List<String> out = new ArrayList<>();
        for (String f : failures.split(";\\s*")) {
            String[] unitRest = f.split(":\\s*", 2);
            if (unitRest.length < 2) {
                out.add(f);
                continue;
            }
            String[] reasonCount = unitRest[1].split("\\s+x");
            String reason = switch (reasonCount[0].trim()) {
                case "BUDGET_EXHAUSTED" -> "runs out of its iteration budget";
                case "DIVERGED" -> "diverges";
                case "CYCLED" -> "cycles between activation patterns";
                case "SINGULAR" -> "meets a singular linear system";
                default -> "fails (" + reasonCount[0].trim().toLowerCase(Locale.ROOT) + ")";
            };
            out.add(reason + " at " + unitRest[0].trim() + (reasonCount.length > 1 ? " on " + reasonCount[1].trim()
                    + " digit" + ("1".equals(reasonCount[1].trim()) ? "" : "s") : ""));
        }
        return "it " + String.join(", ", out);
    }

    static String t2(Table t) {
        StringBuilder sb = new StringBuilder("**Reading.** Test accuracy on the 10 000 MNIST test images after the "
                + "epochs listed (the mean over the seeds where there are several): ");
        List<String> parts = new ArrayList<>();
        for (List<String> r : t.where("source", "measured").rows()) {
            parts.add(String.format(Locale.ROOT, "%s %s %%", cell(r, t, "model"), cell(r, t, "test_accuracy_pct")));
        }
        sb.append(String.join(", ", parts)).append('.');
        String cost = AccuracyTable.costOfInvertibility(t, ReferenceModels.ALL.get(0).name(), "plaincnn");
        return cost == null ? sb.toString() : sb.append(" ").append(cost).toString();
    }
}
