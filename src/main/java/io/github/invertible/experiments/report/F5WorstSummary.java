package io.github.invertible.experiments.report;

import io.github.invertible.report.Cells;
import io.github.invertible.report.Readable;
import io.github.invertible.report.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's view of F5's worst-case CSV: one row per model, level and method instead of one per perturbation
 * size too (eight times fewer rows; the CSV keeps every row and the report links it). Per group: how many of the
 * inversions were certified over all sizes, the largest σ measured, the largest amplification among the certified
 * inversions, and the level's bound.
 */
public final class F5WorstSummary {
    /** The summary's columns. */
    public static final List<String> HEADER = List.of("model", "level", "method", "sizes", "certified",
            "sigma_max", "max_amplification", "bound");

    private F5WorstSummary() {
    }

    /** One row per (model, level, method) of {@code worst}, in the CSV's order. */
    public static Table of(Table worst) {
        Map<List<String>, List<List<String>>> groups = new LinkedHashMap<>();
        int model = worst.header().indexOf("model");
        int level = worst.header().indexOf("level");
        int method = worst.header().indexOf("method");
        for (List<String> r : worst.rows()) {
            groups.computeIfAbsent(List.of(r.get(model), r.get(level), r.get(method)), k -> new ArrayList<>()).add(r);
        }
        List<List<String>> rows = new ArrayList<>();
        groups.forEach((key, rs) -> {
            long certified = 0;
            long digits = 0;
            double sigma = Double.NaN;
            double amplification = Double.NaN;
            for (List<String> r : rs) {
                certified += (long) Cells.num(r, worst, "converged");
                digits += (long) Cells.num(r, worst, "digits");
                sigma = max(sigma, Cells.num(r, worst, "sigma_max"));
                amplification = max(amplification, Cells.num(r, worst, "max_amplification"));
            }
            List<String> row = new ArrayList<>(key);
            row.add(Integer.toString(rs.size()));
            row.add(certified + "/" + digits);
            row.add(Readable.number(sigma));
            row.add(Double.isNaN(amplification) ? "none certified" : Readable.number(amplification));
            row.add(Readable.number(Cells.num(rs.get(0), worst, "bound")));
            rows.add(row);
        });
        return new Table(HEADER, rows);
    }

    /** The larger of two values, NaN standing for "none yet" (a NaN amplification: no certified inverse). */
    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

}
