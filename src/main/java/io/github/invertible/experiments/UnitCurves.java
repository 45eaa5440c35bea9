package io.github.invertible.experiments;

import io.github.invertible.model.UnitStatistics;
import io.github.invertible.references.ReferenceModels;
import io.github.invertible.report.CsvTable;
import io.github.invertible.report.LinePlots;
import io.github.invertible.report.Table;
import io.github.invertible.training.EpochRecord;
import io.github.invertible.training.ModelMetadata;
import org.knowm.xchart.XYChart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The residual units during training (DESIGN §6.2), from the per-epoch unit statistics in {@code model/NAME.json}
 * (models trained since they were recorded): {@code t2_unit_history.csv} and a figure per dataset with the tied
 * scale α of every tied unit and the bound ‖W2‖‖W1‖ of every unit's branch (below 1: the unit is a contraction
 * plus identity, invertible by the i-ResNet fixed point; a tied unit is invertible at any value, DESIGN §2.2). The
 * other seeds of a reference are left out of the figure (one curve per unit and reference), not of the CSV.
 */
public final class UnitCurves {
    public static final String CSV = "t2_unit_history.csv";
    static final String[] COLUMNS = {"model", "dataset", "epoch", "unit", "alpha", "norm_w1", "norm_w2",
            "branch_bound"};

    private UnitCurves() {
    }

    /** The figure of {@code dataset}'s models. */
    public static String png(String dataset) {
        return dataset.equals("mnist") ? "t2_unit_curves.png" : "t2_unit_curves_" + dataset + ".png";
    }

    /** Writes the CSV and one figure per dataset into {@code out}; nothing when no model recorded its units. */
    public static void write(List<ModelMetadata> models, Path out) {
        CsvTable t = new CsvTable(COLUMNS);
        for (ModelMetadata m : models) {
            for (EpochRecord e : m.history() == null ? List.<EpochRecord>of() : m.history()) {
                Map<String, UnitStatistics.Unit> units = e.units() == null ? Map.of() : e.units();
                units.forEach((unit, u) -> t.add(m.name(), m.datasetOrMnist().name(), e.epoch(), unit, u.alpha(),
                        u.normW1(), u.normW2(), u.branchBound()));
            }
        }
        try {
            Files.deleteIfExists(out.resolve(CSV)); // a stale table must not outlive the models it described
            if (t.rowCount() == 0) {
                return;
            }
            t.write(out.resolve(CSV));
            Table all = Table.readCsv(out.resolve(CSV));
            for (String dataset : all.column("dataset").stream().distinct().toList()) {
                plot(all.where("dataset", dataset), out.resolve(png(dataset)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the unit curves into " + out, e);
        }
    }

    /** α (tied units) above, ‖W2‖‖W1‖ below, one series per reference and unit, drawn from the CSV. */
    static void plot(Table t, Path png) throws IOException {
        List<LinePlots.Series> alpha = new ArrayList<>();
        List<LinePlots.Series> bound = new ArrayList<>();
        for (String model : t.column("model").stream().distinct().toList()) {
            if (!ReferenceModels.group(model).equals(model)) {
                continue; // seeds 2, 3, ... of a reference: in the CSV only
            }
            Table rows = t.where("model", model);
            for (String unit : rows.column("unit").stream().distinct().toList()) {
                Table u = rows.where("unit", unit);
                double[] epoch = numbers(u, "epoch");
                String label = model + " " + unit;
                if (!u.column("alpha").get(0).isEmpty()) {
                    alpha.add(new LinePlots.Series(label, epoch, numbers(u, "alpha"), LinePlots.Style.LINE_AND_MARKERS));
                }
                bound.add(new LinePlots.Series(label, epoch, numbers(u, "branch_bound"), LinePlots.Style.LINE_AND_MARKERS));
            }
        }
        List<XYChart> charts = new ArrayList<>();
        if (!alpha.isEmpty()) {
            charts.add(LinePlots.chart("Tied scale alpha of each tied unit after each epoch (W2 = alpha W1^T)",
                    "epoch", "alpha", alpha));
        }
        XYChart b = LinePlots.chart("Branch bound ||W2|| ||W1|| of each unit after each epoch", "epoch",
                "||W2|| ||W1|| (log scale)", bound);
        LinePlots.logY(b);
        charts.add(b);
        for (XYChart c : charts) {
            c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
            c.getStyler().setXAxisDecimalPattern("0");
        }
        LinePlots.saveStacked(png, charts.toArray(XYChart[]::new));
    }

    /** Per reference: the range of α and of the branch bound over its units after the last epoch. */
    public static String reading(Table t) {
        StringBuilder sb = new StringBuilder("**Reading.** After the last epoch: ");
        for (String model : t.column("model").stream().distinct().filter(m -> ReferenceModels.group(m).equals(m))
                .toList()) {
            Table rows = t.where("model", model);
            String last = rows.column("epoch").stream().max(java.util.Comparator.comparingInt(Integer::parseInt))
                    .orElseThrow();
            Table end = rows.where("epoch", last);
            double[] b = numbers(end, "branch_bound");
            sb.append(String.format(Locale.ROOT, "%s ||W2|| ||W1|| from %.3g to %.3g", model,
                    java.util.Arrays.stream(b).min().orElseThrow(), java.util.Arrays.stream(b).max().orElseThrow()));
            if (!end.column("alpha").get(0).isEmpty()) {
                double[] a = numbers(end, "alpha");
                sb.append(String.format(Locale.ROOT, ", alpha from %.3g to %.3g",
                        java.util.Arrays.stream(a).min().orElseThrow(), java.util.Arrays.stream(a).max().orElseThrow()));
            }
            sb.append("; ");
        }
        return sb.append("a bound above 1 means the fixed point of the i-ResNet method is not guaranteed to converge "
                + "on that unit (DESIGN §8).").toString();
    }

    private static double[] numbers(Table t, String column) {
        return t.column(column).stream().mapToDouble(Double::parseDouble).toArray();
    }
}
