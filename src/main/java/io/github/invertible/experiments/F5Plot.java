package io.github.invertible.experiments;

import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.report.LinePlots;
import io.github.invertible.report.Table;
import org.knowm.xchart.XYChart;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The F5 figure, drawn from its two CSVs: (a) the whole stage's amplification against ε — random direction (max and
 * median) and worst-case direction (max, both methods, certified samples) with the bound; (b) per unit, the
 * worst-case amplification found by Lanczos (max σ = 1/σ_min over the digits; "lower estimate" where not converged) and measured at the
 * smallest ε, with the per-unit bound.
 */
final class F5Plot {
    private F5Plot() {
    }

    static void plot(Table random, Table worst, Path png) throws IOException {
        List<LinePlots.Series> a = new ArrayList<>();
        List<String> models = java.util.stream.Stream.concat(random.column("model").stream(),
                worst.column("model").stream()).distinct().toList(); // one colour per model in both panels
        for (String model : random.column("model").stream().distinct().toList()) {
            Table rows = random.where("model", model);
            double[] eps = numbers(rows, "eps");
            java.awt.Color c = LinePlots.palette(models.indexOf(model));
            a.add(new LinePlots.Series(model + " random max", eps, numbers(rows, "max_amplification"),
                    LinePlots.Style.LINE_AND_MARKERS, c));
            a.add(new LinePlots.Series(model + " random median", eps, numbers(rows, "median_amplification"),
                    LinePlots.Style.DASHED_LINE_AND_MARKERS, c));
        }
        Table stage = worst.where("level", F5WorstDirection.STAGE);
        for (String model : stage.column("model").stream().distinct().toList()) {
            for (InverseMethod m : F5WorstDirection.METHODS) {
                Table rows = stage.where("model", model).where("method", m.id());
                double[][] xy = finite(numbers(rows, "eps"), numbers(rows, "max_amplification"));
                boolean all = rows.rows().stream().allMatch(r -> F5WorstDirection.converged(rows, r));
                if (xy[0].length > 0) {
                    a.add(new LinePlots.Series(model + " worst max, " + m.id() + (all ? "" : " (lower estimate)"),
                            xy[0], xy[1], m == InverseMethod.PROPOSED ? LinePlots.Style.LINE_AND_MARKERS
                            : LinePlots.Style.MARKERS, LinePlots.palette(models.indexOf(model))));
                }
            }
        }
        // a bound far above the data (lipschitz-0.9's stage bound is 10^6) would stretch the log axis over six
        // decades and squash every measured series: such a bound is named in the title instead of drawn
        double dataMax = a.stream().flatMapToDouble(x -> Arrays.stream(x.y())).filter(Double::isFinite).max()
                .orElse(1);
        List<String> offAxis = new ArrayList<>();
        for (String model : random.column("model").stream().distinct().toList()) {
            double[] bound = numbers(random.where("model", model), "bound");
            double top = Arrays.stream(bound).max().orElse(Double.NaN);
            if (top <= 10 * dataMax) {
                a.add(new LinePlots.Series(model + " bound", numbers(random.where("model", model), "eps"), bound,
                        LinePlots.Style.LINE, LinePlots.palette(models.indexOf(model))));
            } else {
                offAxis.add(model + " bound " + String.format(java.util.Locale.ROOT, "%.0e", top));
            }
        }
        XYChart ca = LinePlots.chart("F5: amplification ||x(eps) - x|| / (eps ||y||), whole stage"
                + (offAxis.isEmpty() ? "" : " (" + String.join(", ", offAxis) + ", off the axis)"), "eps (relative size of the perturbation), log", "amplification, log", a);
        LinePlots.logY(LinePlots.logX(ca));

        List<LinePlots.Series> b = new ArrayList<>();
        for (String model : worst.column("model").stream().distinct().toList()) {
            Table units = worst.where("model", model).where("method", InverseMethod.PROPOSED.id());
            List<String> levels = units.column("level").stream().distinct()
                    .filter(l -> !l.equals(F5WorstDirection.STAGE)).toList();
            double[] x = new double[levels.size()];
            double[] sigma = new double[levels.size()];
            double[] measured = new double[levels.size()];
            double[] bound = new double[levels.size()];
            boolean all = true;
            for (int i = 0; i < levels.size(); i++) {
                Table rows = units.where("level", levels.get(i));
                all &= F5WorstDirection.converged(rows, rows.rows().get(0));
                x[i] = i + 1;
                sigma[i] = numbers(rows, "sigma_max")[0];
                measured[i] = numbers(rows, "max_amplification")[0]; // smallest eps (rows in eps order)
                bound[i] = numbers(rows, "bound")[0];
            }
            java.awt.Color c = LinePlots.palette(models.indexOf(model));
            b.add(new LinePlots.Series(model + " 1/sigma_min (Lanczos" + (all ? "" : ", lower estimate: not "
                    + "converged on every digit") + "), max", x, sigma,
                    LinePlots.Style.LINE_AND_MARKERS, c));
            b.add(new LinePlots.Series(model + " measured along u, smallest eps, max", x, measured,
                    LinePlots.Style.MARKERS, c));
            b.add(new LinePlots.Series(model + " bound per unit", x, bound, LinePlots.Style.DASHED_LINE, c));
        }
        XYChart cb = LinePlots.chart("Worst-case direction per residual unit (1 = the first unit above the padding)",
                "unit", "amplification, log", b);
        LinePlots.logY(cb);
        cb.getStyler().setXAxisDecimalPattern("0");
        LinePlots.saveStacked(png, ca, cb);
    }

    private static double[][] finite(double[] x, double[] y) {
        int[] keep = java.util.stream.IntStream.range(0, x.length).filter(i -> Double.isFinite(y[i])).toArray();
        return new double[][]{Arrays.stream(keep).mapToDouble(i -> x[i]).toArray(),
                Arrays.stream(keep).mapToDouble(i -> y[i]).toArray()};
    }

    static double[] numbers(Table t, String column) {
        return t.column(column).stream().mapToDouble(Double::parseDouble).toArray();
    }
}
