package io.github.invertible.experiments;

import io.github.invertible.common.AtomicFiles;
import io.github.invertible.data.BalancedSelection;
import io.github.invertible.data.Mnist;
import io.github.invertible.data.MnistSplit;
import io.github.invertible.inversion.FeatureStageInverter;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.inversion.InverseOptions;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * T1 by depth (issue 18): the T1 digits inverted from every vertex of the tied model's feature stage, with the
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
    public static void run(Path modelDir, Path out, Mnist mnist, int perClass) throws IOException {
        Optional<ComputationGraph> net = ReferenceModels.loadIfPresent(modelDir, MODEL, "T1 by depth");
        if (net.isEmpty()) {
            return;
        }
        FeatureStageInverter inverter = FeatureStageInverter.of(net.get());
        int[] indices = BalancedSelection.firstPerClass(mnist.test(), perClass);
        MnistSplit selection = mnist.test().select(indices);
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

    /** Recovered share and mean relative error by depth, one curve per method, drawn from the CSV. */
    static void plot(Table t, Path png) throws IOException {
        List<LinePlots.Series> rec = new ArrayList<>();
        List<LinePlots.Series> err = new ArrayList<>();
        for (String method : t.column("method").stream().distinct().toList()) {
            Table rows = t.where("method", method);
            InverseMethod m = InverseMethod.fromId(method);
            Color c = new Color(m.rgb());
            double[] depth = numbers(rows, "depth");
            rec.add(new LinePlots.Series(m.label(), depth, numbers(rows, "recovered_pct"),
                    LinePlots.Style.LINE_AND_MARKERS, c));
            // log axis: an exact zero (a closed-form piece) is drawn at 1e-14 %
            double[] e = Arrays.stream(numbers(rows, "mean_rel_err_pct")).map(v -> Math.max(v, 1e-14)).toArray();
            err.add(new LinePlots.Series(m.label(), depth, e, LinePlots.Style.LINE_AND_MARKERS, c));
        }
        String layers = String.join(", ", t.where("method", t.column("method").get(0)).column("layer"));
        XYChart a = LinePlots.chart("T1 by depth: digits recovered when inverting from each vertex (0 = " + layers
                .split(", ")[0] + ")", "depth (" + layers + ")", "recovered (%)", rec);
        XYChart b = LinePlots.chart("Mean relative error of the recovered digits", "depth", "mean relative error (%), log",
                err);
        LinePlots.logY(b);
        for (XYChart c : List.of(a, b)) {
            c.getStyler().setXAxisDecimalPattern("0");
        }
        LinePlots.saveStacked(png, a, b);
    }

    /** The shallowest vertex from which the existing method recovers fewer digits than the proposed one. */
    static String reading(Table t) {
        Table ex = t.where("method", InverseMethod.EXISTING.id());
        Table pr = t.where("method", InverseMethod.PROPOSED.id());
        String firstFail = null;
        for (int i = 0; i < ex.rows().size() && firstFail == null; i++) {
            if (Double.parseDouble(cell(ex, i, "recovered_pct")) < 100) {
                firstFail = String.format(Locale.ROOT, "the existing method first fails from %s (depth %s): %s %% "
                                + "recovered, mean relative error %s %%", cell(ex, i, "layer"), cell(ex, i, "depth"),
                        Readable.cell("recovered_pct", cell(ex, i, "recovered_pct")),
                        Readable.cell("mean_rel_err_pct", cell(ex, i, "mean_rel_err_pct")));
            }
        }
        double minProposed = pr.column("recovered_pct").stream().mapToDouble(Double::parseDouble).min().orElse(0);
        return String.format(Locale.ROOT, "**Reading.** %s test digits of %s inverted from every vertex of the feature "
                        + "stage: the proposed method recovers at least %s %% from every depth; %s.",
                cell(t, 0, "samples"), cell(t, 0, "model"), Readable.cell("recovered_pct", Double.toString(minProposed)),
                firstFail == null ? "the existing method recovers every digit from every depth" : firstFail);
    }

    private static String cell(Table t, int row, String column) {
        return t.rows().get(row).get(t.header().indexOf(column));
    }

    private static double[] numbers(Table t, String column) {
        return t.column(column).stream().mapToDouble(Double::parseDouble).toArray();
    }
}
