package io.github.invertible.experiments;

import io.github.invertible.common.AtomicFiles;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.report.CsvTable;
import io.github.invertible.report.Readable;
import io.github.invertible.report.Table;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * T3, the accuracy–invertibility frontier (DESIGN §6.3): the convolutional MNIST references ordered by how far
 * their residual branches may grow — lipschitz:0.9, tied, lipschitz:2, :4, :8, none — each with its test accuracy
 * and the share of T1's digits every registered inverse method certifies (with the wall time of that run), and
 * the plain CNN as the non-invertible reference. Built from T2 and the run records, so it holds what was measured.
 */
public final class Frontier {
    public static final String CSV = "t3_frontier.csv";
    public static final String PNG = "t3_frontier.png";
    /** The frontier's models, in the order of the x axis, and their axis labels. */
    public static final List<String> MODELS = List.of("conv-lipschitz-0.9", "conv-tied", "conv-lipschitz-2",
            "conv-lipschitz-4", "conv-lipschitz-8", "conv-none");
    static final List<String> LABELS = List.of("0.9", "tied", "2", "4", "8", "none");
    /** The non-invertible reference (its accuracy is the figure's reference line). */
    public static final String BASELINE = "plaincnn";
    /** Share (%) of T1's digits the proposed method must certify for a model to count as invertible. */
    public static final double CERTIFIED_PCT = 99.0;
    /** The method whose certificate decides {@link #chosen}. */
    public static final InverseMethod DECIDING = InverseMethod.PROPOSED;

    private Frontier() {
    }

    /** model, x, constraint, accuracies, seeds, then per method its certified share, the run's seconds and digits. */
    public static String[] columns() {
        List<String> c = new ArrayList<>(List.of("model", "x", "constraint", "validation_accuracy_pct",
                "test_accuracy_pct", "test_accuracy_sd", "seeds"));
        for (InverseMethod m : InverseMethod.values()) {
            c.add(AccuracyTable.invertibleColumn(m));
            c.add("seconds_" + m.column());
            c.add("digits_" + m.column());
        }
        return c.toArray(String[]::new);
    }

    /** T3 from T2 and the run records in reportDir: the frontier's models present, then the baseline. */
    public static CsvTable build(Table t2, Path reportDir) {
        CsvTable t = new CsvTable(columns());
        List<String> models = new ArrayList<>(MODELS);
        models.add(BASELINE);
        for (String model : models) {
            Table row = t2.where("source", "measured").where("model", model);
            if (row.rows().isEmpty()) {
                continue;
            }
            int i = MODELS.indexOf(model);
            List<Object> r = new ArrayList<>(List.of(model, i < 0 ? "" : LABELS.get(i),
                    row.column("constraint").get(0)));
            for (String c : List.of("validation_accuracy_pct", "test_accuracy_pct", "test_accuracy_sd", "seeds")) {
                r.add(row.column(c).get(0));
            }
            for (InverseMethod m : InverseMethod.values()) { // a method may have run on fewer digits than T1's
                AccuracyTable.RunRecord rec = i < 0 ? null : AccuracyTable.runRecord(reportDir, model, m);
                r.add(rec == null ? null : rec.certifiedPct());
                r.add(rec == null ? null : rec.seconds());
                r.add(rec == null ? null : rec.digits());
            }
            t.add(r.toArray());
        }
        return t;
    }

    /** Writes {@link #CSV} and {@link #PNG} into reportDir from T2 and the run records there; returns T3. */
    public static Table write(Table t2, Path reportDir) throws IOException {
        Path csv = reportDir.resolve(CSV);
        CsvTable t = build(t2, reportDir);
        AtomicFiles.write(csv, t::write);
        Table t3 = Table.readCsv(csv);
        AtomicFiles.write(reportDir.resolve(PNG), tmp -> FrontierPlot.plot(t3, tmp));
        return t3;
    }

    /**
     * The most accurate frontier model (mean test accuracy) whose inverse {@link #DECIDING} certifies on at least
     * {@link #CERTIFIED_PCT} % of the digits; empty if none does.
     */
    public static Optional<String> chosen(Table t) {
        String col = AccuracyTable.invertibleColumn(DECIDING);
        String best = null;
        double bestAcc = Double.NEGATIVE_INFINITY;
        for (List<String> r : t.rows()) {
            String model = cell(t, r, "model");
            double pct = num(t, r, col);
            double acc = num(t, r, "test_accuracy_pct");
            if (MODELS.contains(model) && pct >= CERTIFIED_PCT && acc > bestAcc) {
                best = model;
                bestAcc = acc;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Names the chosen model and how each method fares there, then the frontier point by point. */
    public static String reading(Table t) {
        StringBuilder sb = new StringBuilder("**Reading.** ");
        Optional<String> chosen = chosen(t);
        List<String> baseline = t.rows().stream().filter(r -> cell(t, r, "model").equals(BASELINE)).findFirst()
                .orElse(null);
        if (chosen.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "No model of the frontier has at least %s %% of T1's digits "
                    + "certified by the %s method. ", Readable.number(CERTIFIED_PCT), DECIDING.label()));
        } else {
            List<String> r = t.rows().stream().filter(x -> cell(t, x, "model").equals(chosen.get())).findFirst()
                    .orElseThrow();
            sb.append(String.format(Locale.ROOT, "The best test accuracy with at least %s %% of the digits certified "
                            + "by the %s method is %s's (constraint %s): %s %%", Readable.number(CERTIFIED_PCT),
                    DECIDING.label(), chosen.get(), cell(t, r, "constraint"), shown(t, r, "test_accuracy_pct")));
            if (baseline != null) {
                sb.append(String.format(Locale.ROOT, ", %s points from the plain CNN's %s %%",
                        Readable.number(num(t, r, "test_accuracy_pct") - num(t, baseline, "test_accuracy_pct")),
                        shown(t, baseline, "test_accuracy_pct")));
            }
            sb.append("; there ").append(shares(t, r)).append(". ");
        }
        sb.append("Along the frontier: ");
        List<String> points = new ArrayList<>();
        for (List<String> r : t.rows()) {
            if (!cell(t, r, "model").equals(BASELINE)) {
                points.add(String.format(Locale.ROOT, "%s %s %% (%s)", cell(t, r, "x"),
                        shown(t, r, "test_accuracy_pct"), shares(t, r)));
            }
        }
        return sb.append(String.join("; ", points)).append('.').toString();
    }

    /** "certified: existing 12 % of 1000 digits, proposed 100 % of 1000, ..." (methods not run are said so). */
    private static String shares(Table t, List<String> r) {
        List<String> s = new ArrayList<>();
        for (InverseMethod m : InverseMethod.values()) {
            String v = cell(t, r, AccuracyTable.invertibleColumn(m));
            String n = cell(t, r, "digits_" + m.column());
            s.add(m.label() + " " + (v.isEmpty() ? "not run" : Readable.cell(AccuracyTable.invertibleColumn(m), v)
                    + " %" + (n.isEmpty() ? "" : " of " + n + " digits")));
        }
        return "certified: " + String.join(", ", s);
    }

    private static String shown(Table t, List<String> r, String column) {
        return Readable.cell(column, cell(t, r, column));
    }

    static String cell(Table t, List<String> r, String column) {
        int i = t.header().indexOf(column);
        return i < 0 || r.get(i) == null ? "" : r.get(i);
    }

    /** NaN for an empty cell. */
    static double num(Table t, List<String> r, String column) {
        String v = cell(t, r, column);
        return v.isBlank() ? Double.NaN : Double.parseDouble(v);
    }
}
