package io.github.invertible.experiments;

import io.github.invertible.report.CsvTable;
import io.github.invertible.report.Readable;
import io.github.invertible.report.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** T1: per model, method and class, the relative error of the recovered digits. */
public final class RelativeErrorTable {
    /** A digit counts as recovered when its relative error is below this (in %): 1e-3 % = 1e-5. */
    public static final double RECOVERED_PCT = 1e-3;
    public static final String[] COLUMNS = {"model", "method", "class", "samples", "mean_rel_err_pct",
            "max_rel_err_pct", "recovered_pct", "median_iters", "max_iters", "failures"};
    /** MNIST models' T1 (the file of earlier releases). */
    public static final String CSV = "t1_relative_error.csv";
    /** Other datasets' T1 (DESIGN §9): {@link #COLUMNS} plus the dataset and the class name. */
    public static final String DATASETS_CSV = "t1_relative_error_datasets.csv";
    public static final String[] DATASET_COLUMNS = concat(COLUMNS, "dataset", "class_name");

    /** The record {@code invert} writes beside T1 for {@code model}: each method's certified share and timing. */
    public static String runRecord(String model) {
        return "t1_run_" + model + ".json";
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** The rows of {@link #rows(String, NetworkInversionExperiment.MethodRun)} with the dataset and class name. */
    public static List<Object[]> rows(String model, NetworkInversionExperiment.MethodRun run, String dataset,
                                      List<String> classNames) {
        List<Object[]> rows = new ArrayList<>();
        for (Object[] r : rows(model, run)) {
            String c = (String) r[2];
            rows.add(concatRow(r, dataset, c.equals("all") ? "all" : classNames.get(Integer.parseInt(c))));
        }
        return rows;
    }

    private static Object[] concatRow(Object[] a, Object... b) {
        Object[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private RelativeErrorTable() {
    }

    /** Rows for one model and method: classes 0..9, then "all". */
    public static List<Object[]> rows(String model, NetworkInversionExperiment.MethodRun run) {
        Map<String, List<SampleOutcome>> byClass = new TreeMap<>(run.samples().stream()
                .collect(Collectors.groupingBy(s -> Integer.toString(s.label()))));
        byClass.put("all", run.samples());
        List<Object[]> rows = new ArrayList<>();
        for (Map.Entry<String, List<SampleOutcome>> e : byClass.entrySet()) {
            List<SampleOutcome> s = e.getValue();
            double[] err = s.stream().mapToDouble(SampleOutcome::relErrPct).toArray();
            int[] iters = s.stream().flatMapToInt(o -> Arrays.stream(o.unitIters())).sorted().toArray();
            long recovered = s.stream().filter(o -> o.certified() && o.relErrPct() < RECOVERED_PCT).count();
            rows.add(new Object[]{model, run.method().name().toLowerCase(), e.getKey(), s.size(),
                    Arrays.stream(err).average().orElse(Double.NaN), Arrays.stream(err).max().orElse(Double.NaN),
                    100.0 * recovered / s.size(), iters.length == 0 ? 0 : iters[(iters.length - 1) / 2],
                    iters.length == 0 ? 0 : iters[iters.length - 1], failures(s)});
        }
        return rows;
    }

    /** "unit2_3: DIVERGED x12; unit1_1: CYCLED x1" (semicolons: the cell stays one CSV field). */
    static String failures(List<SampleOutcome> samples) {
        Map<String, Long> counts = samples.stream().filter(s -> s.failure() != null)
                .collect(Collectors.groupingBy(SampleOutcome::failure, TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining("; "));
    }

    public static CsvTable table(List<Object[]> rows) {
        return table(COLUMNS, rows);
    }

    public static CsvTable table(String[] columns, List<Object[]> rows) {
        CsvTable t = new CsvTable(columns);
        rows.forEach(t::add);
        return t;
    }

    /**
     * The quantities of the compact T1, in the order shown: CSV column and its name for a reader (the maximum error
     * and iterations stay in the CSV: with four methods per model the table would run to a page).
     */
    private static final String[][] QUANTITIES = {{"recovered_pct", "recovered (%)"},
            {"mean_rel_err_pct", "mean relative error (%)"}, {"median_iters", "median iterations per unit"}};

    /**
     * T1 of one model as a reader sees it: one row per method and quantity, one column per class (named by
     * {@code classColumn}: "class", or "class_name" for datasets whose classes have names) and "all". Cells are
     * formatted for display ({@link Readable#cell}); the CSV keeps every digit.
     */
    public static Table byClass(Table t1, String model, String classColumn) {
        Table rows = t1.where("model", model);
        List<String> classes = rows.column(classColumn).stream().distinct().toList();
        List<String> header = new ArrayList<>(List.of("method", "quantity"));
        header.addAll(classes);
        List<List<String>> out = new ArrayList<>();
        for (String method : rows.column("method").stream().distinct().toList()) {
            Table m = rows.where("method", method);
            for (String[] q : QUANTITIES) {
                List<String> row = new ArrayList<>(List.of(method, q[1]));
                for (String c : classes) {
                    List<String> cells = m.where(classColumn, c).column(q[0]);
                    row.add(cells.isEmpty() ? "" : Readable.cell(q[0], cells.get(0)));
                }
                out.add(row);
            }
        }
        return new Table(header, out);
    }

    /** "existing: unit2_3: BUDGET_EXHAUSTED x1000" per method of {@code model} with failures over all classes. */
    public static List<String> failures(Table t1, String model) {
        Table all = t1.where("model", model).where("class", "all");
        List<String> out = new ArrayList<>();
        for (List<String> r : all.rows()) {
            String f = r.get(all.header().indexOf("failures"));
            if (!f.isBlank()) {
                out.add(r.get(all.header().indexOf("method")) + ": " + f);
            }
        }
        return out;
    }
}
