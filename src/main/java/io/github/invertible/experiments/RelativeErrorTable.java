package io.github.invertible.experiments;

import io.github.invertible.report.CsvTable;

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
        CsvTable t = new CsvTable(COLUMNS);
        rows.forEach(t::add);
        return t;
    }
}
