package io.github.invertible.experiments;

import io.github.invertible.common.AtomicFiles;
import io.github.invertible.data.BalancedSelection;
import io.github.invertible.data.ImageDataset;
import io.github.invertible.data.ImageSplit;
import io.github.invertible.inversion.FeatureStageInverter;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.inversion.InverseOptions;
import io.github.invertible.references.ReferenceModels;
import io.github.invertible.report.CsvTable;
import io.github.invertible.report.LinePlots;
import io.github.invertible.report.Readable;
import io.github.invertible.report.Table;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.knowm.xchart.XYChart;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * T1 by depth: the T1 digits inverted from every vertex of the tied model's feature stage, with the
 * proposed and the existing method; one row per vertex and method, and a plot of the recovered share by depth.
 */
public final class T1ByDepth {
    public static final String CSV = "t1_by_depth.csv";
    public static final String PNG = "t1_by_depth.png";
    public static final String MODEL = "conv-tied";
    /**
     * Digits per class inverted by {@code reproduce} by default ({@code --depth-per-class}; the first of each class
     * in file order, T1's selection): 100, T1's 1000 digits. Each depth is an independent inversion; where the
     * existing method fails it runs its 200-iteration budget at every unit below, which dominates the time.
     */
    public static final int DEFAULT_PER_CLASS = 100;
    static final String[] COLUMNS = {"model", "depth", "layer", "method", "samples", "recovered_pct",
            "mean_rel_err_pct", "median_iters", "seconds", "failures"};
    private static final List<InverseMethod> METHODS = List.of(InverseMethod.values()); // every registered method

    private T1ByDepth() {
    }

    /**
     * Runs the experiment on {@code modelDir/conv-tied.zip} (skipped with a message if absent) with the first
     * {@code perClass} test digits of each class (T1's selection), writing {@link #CSV} and {@link #PNG} into out.
     */
    public static void run(Path modelDir, Path out, ImageDataset mnist, int perClass) throws IOException {
        Optional<ComputationGraph> net = ReferenceModels.loadIfPresent(modelDir, MODEL, "T1 by depth");
        if (net.isEmpty()) {
            return;
        }
        FeatureStageInverter inverter = FeatureStageInverter.of(net.get());
        int[] indices = BalancedSelection.firstPerClass(mnist.test(), perClass);
        ImageSplit selection = mnist.test().select(indices);
        CsvTable t = new CsvTable(COLUMNS);
        List<String> vertices = inverter.vertexNames();
        for (int d = 0; d < vertices.size(); d++) {
            String v = vertices.get(d);
            NetworkInversionExperiment exp = new NetworkInversionExperiment(inverter, v, true, 250);
            for (InverseMethod m : METHODS) {
                System.out.println("T1 by depth: " + v + ", " + m.id());
                NetworkInversionExperiment.MethodRun run = exp.run(selection, indices, m, InverseOptions.defaults());
                Object[] all = RelativeErrorTable.rows(MODEL, run).stream().filter(r -> "all".equals(r[2]))
                        .findFirst().orElseThrow();
                // RelativeErrorTable.COLUMNS: model, method, class, samples, mean, max, recovered, median, max, failures
                t.add(MODEL, d, v, m.id(), all[3], all[6], all[4], all[7], run.seconds(), all[9]);
                System.out.printf(Locale.ROOT, "T1 by depth: %s %s: %s %% recovered, %.1f s%n", v, m.id(), all[6],
                        run.seconds());
            }
        }
        AtomicFiles.write(out.resolve(CSV), t::write);
        Table table = Table.readCsv(out.resolve(CSV));
        AtomicFiles.write(out.resolve(PNG), tmp -> plot(table, tmp));
    }

    /** Where an exact zero error is drawn on the log axis (said in the legend: "error exactly 0"). */
    static final double ZERO_DRAWN_AT = 1e-14;

    /**
     * Recovered share and mean relative error by depth, one curve per method, drawn from the CSV; the x axis names
     * each vertex. An error of exactly 0 (a closed-form piece such as a squeeze) has no place on a log axis: such
     * points are left off the method's curve and drawn as their own series, at {@link #ZERO_DRAWN_AT}, whose legend
     * says so.
     */
    static void plot(Table t, Path png) throws IOException {
        List<LinePlots.Series> rec = new ArrayList<>();
        List<LinePlots.Series> err = new ArrayList<>();
        List<Double> zeroDepths = new ArrayList<>();
        for (String method : t.column("method").stream().distinct().toList()) {
            Table rows = t.where("method", method);
            InverseMethod m = InverseMethod.fromId(method);
            Color c = new Color(m.rgb());
            double[] depth = numbers(rows, "depth");
            double[] e = numbers(rows, "mean_rel_err_pct");
            rec.add(new LinePlots.Series(m.label(), depth, numbers(rows, "recovered_pct"),
                    LinePlots.Style.LINE_AND_MARKERS, c));
            List<double[]> kept = new ArrayList<>();
            for (int i = 0; i < depth.length; i++) {
                if (e[i] > 0) {
                    kept.add(new double[]{depth[i], e[i]});
                } else if (!zeroDepths.contains(depth[i])) {
                    zeroDepths.add(depth[i]);
                }
            }
            if (!kept.isEmpty()) {
                err.add(new LinePlots.Series(m.label(), kept.stream().mapToDouble(p -> p[0]).toArray(),
                        kept.stream().mapToDouble(p -> p[1]).toArray(), LinePlots.Style.LINE_AND_MARKERS, c));
            }
        }
        if (!zeroDepths.isEmpty()) {
            err.add(new LinePlots.Series("error exactly 0 (drawn at 1e-14)", zeroDepths.stream()
                    .mapToDouble(Double::doubleValue).toArray(), zeroDepths.stream().mapToDouble(d -> ZERO_DRAWN_AT)
                    .toArray(), LinePlots.Style.MARKERS, Color.DARK_GRAY));
        }
        List<String> layers = t.where("method", t.column("method").get(0)).column("layer");
        XYChart a = LinePlots.chart("T1 by depth: digits recovered when inverting from each vertex",
                "vertex the digits are inverted from (input side on the left)", "recovered (%)", rec);
        XYChart b = LinePlots.chart("Mean relative error of the recovered digits", "vertex",
                "mean relative error (%), log scale", err);
        LinePlots.logY(b);
        for (XYChart c : List.of(a, b)) {
            // every label distinct (XChart widens the tick spacing while two ticks share a label, without end if
            // they always do): a vertex name at a whole depth, the number elsewhere
            c.setCustomXAxisTickLabelsFormatter(x -> {
                int i = (int) Math.round(x);
                return Math.abs(x - i) < 1e-9 && i >= 0 && i < layers.size() ? layers.get(i)
                        : Readable.number(x);
            });
        }
        a.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        LinePlots.saveStacked(png, a, b);
    }

    /** The shallowest vertex from which the existing method recovers fewer digits than the proposed one. */
    public static String reading(Table t) {
        Table ex = t.where("method", InverseMethod.EXISTING.id());
        Table pr = t.where("method", InverseMethod.PROPOSED.id());
        String firstFail = null;
        for (int i = 0; i < ex.rows().size() && firstFail == null; i++) {
            if (Double.parseDouble(cell(ex, i, "recovered_pct")) < 100) {
                double here = Double.parseDouble(cell(ex, i, "recovered_pct"));
                double above = here;
                for (int j = i + 1; j < ex.rows().size(); j++) {
                    above = Math.max(above, Double.parseDouble(cell(ex, j, "recovered_pct")));
                }
                firstFail = String.format(Locale.ROOT, "the existing method recovers every digit only from the vertices "
                                + "below %s; from %s it recovers %s %% of them (mean relative error %s %%)%s",
                        cell(ex, i, "layer"), cell(ex, i, "layer"), Readable.cell("recovered_pct", cell(ex, i,
                                "recovered_pct")), Readable.cell("mean_rel_err_pct", cell(ex, i, "mean_rel_err_pct")),
                        i == ex.rows().size() - 1 ? "" : above == here ? ", and no more from any vertex above it"
                                : ", and at most " + Readable.cell("recovered_pct", Double.toString(above))
                                + " % from a vertex above it");
            }
        }
        int worst = 0;
        for (int i = 1; i < pr.rows().size(); i++) {
            if (Double.parseDouble(cell(pr, i, "recovered_pct")) < Double.parseDouble(cell(pr, worst, "recovered_pct"))) {
                worst = i;
            }
        }
        String proposed = Double.parseDouble(cell(pr, worst, "recovered_pct")) >= 100
                ? "the proposed method recovers every digit from every vertex"
                : "the proposed method recovers at worst " + Readable.cell("recovered_pct", cell(pr, worst,
                "recovered_pct")) + " % of them (from " + cell(pr, worst, "layer") + ")";
        return String.format(Locale.ROOT, "**Reading.** %s test digits of %s, inverted from each of its %d feature-stage "
                        + "vertices: %s; %s.", cell(t, 0, "samples"), cell(t, 0, "model"), pr.rows().size(), proposed,
                firstFail == null ? "so does the existing method" : firstFail);
    }

    private static String cell(Table t, int row, String column) {
        return t.rows().get(row).get(t.header().indexOf(column));
    }

    private static double[] numbers(Table t, String column) {
        return t.column(column).stream().mapToDouble(Double::parseDouble).toArray();
    }
}
