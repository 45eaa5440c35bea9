package io.github.invertible.experiments;

import io.github.invertible.inversion.RandomUnits;
import io.github.invertible.inversion.piece.RectifierLinearTransform;
import io.github.invertible.inversion.rlt.RltInverter;
import io.github.invertible.report.CsvTable;
import io.github.invertible.report.LinePlots;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Experiment F1 (DESIGN §2.1, §6): fraction of random RLTs y = σ(Wx + b) whose input is uniquely
 * recoverable (rank(W_I) = n) as m/n grows, against P[Binomial(m, ½) ≥ n]. W, x ~ N(0,1) i.i.d.;
 * b = 0, and a second run with b ~ N(0,1) (rows stay active with probability ½ independently, so the
 * prediction is the same).
 */
public final class F1RltInvertibility {
    /** The table of {@link #table}, one row per point. */
    public static final String CSV = "f1_rlt_invertibility.csv";
    /** The figure of {@link #plot}. */
    public static final String PNG = "f1_rlt_invertibility.png";

    public static final String[] COLUMNS = {"n", "bias", "m", "ratio", "cases", "invertible_pct", "predicted_pct"};

    /** One point of the curve. */
    public record Point(int n, boolean bias, int m, int cases, int invertible, double predicted) {
        public double ratio() {
            return (double) m / n;
        }

        public double invertiblePct() {
            return 100.0 * invertible / cases;
        }

        public double predictedPct() {
            return 100.0 * predicted;
        }

        /** One binomial standard error of the measured percentage under the prediction. */
        public double standardErrorPct() {
            return 100.0 * Math.sqrt(predicted * (1 - predicted) / cases);
        }
    }

    private final long seed;
    private final int cases;
    private final RltInverter inverter = new RltInverter();

    public F1RltInvertibility(long seed, int cases) {
        this.seed = seed;
        this.cases = cases;
    }

    /** m from n to maxRatio·n in steps of {@code step}, both bias settings. */
    public List<Point> run(int n, int step, double maxRatio) {
        List<int[]> grid = new ArrayList<>();
        for (int bias = 0; bias <= 1; bias++) {
            for (int m = n; m <= Math.round(maxRatio * n); m += step) {
                grid.add(new int[]{bias, m});
            }
        }
        return IntStream.range(0, grid.size()).parallel()
                .mapToObj(i -> point(n, grid.get(i)[0] == 1, grid.get(i)[1]))
                .toList();
    }

    /** Each point has its own generator derived from the seed, so results do not depend on threading. */
    public Point point(int n, boolean bias, int m) {
        Random rnd = new Random(seed ^ (1_000_003L * n + 7919L * m + (bias ? 104_729L : 0)));
        int invertible = 0;
        for (int c = 0; c < cases; c++) {
            double[][] w = RandomUnits.gaussian(rnd, m, n, 1);
            double[] b = bias ? RandomUnits.gaussian(rnd, m, 1) : new double[m];
            double[] x = RandomUnits.gaussian(rnd, n, 1);
            RectifierLinearTransform t = new RectifierLinearTransform(w, b);
            if (inverter.activeRank(t, t.forward(x)) == n) {
                invertible++;
            }
        }
        return new Point(n, bias, m, cases, invertible, BinomialTail.atLeast(m, n));
    }

    public static CsvTable table(List<Point> points) {
        CsvTable t = new CsvTable(COLUMNS);
        for (Point p : points) {
            t.add(p.n(), p.bias() ? 1 : 0, p.m(), p.ratio(), p.cases(), p.invertiblePct(), p.predictedPct());
        }
        return t;
    }

    public static void plot(List<Point> points, Path png) throws IOException {
        List<LinePlots.Series> series = new ArrayList<>();
        Color[] colors = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)};
        int c = 0;
        for (int n : points.stream().mapToInt(Point::n).distinct().sorted().toArray()) {
            Color color = colors[c++ % colors.length];
            for (boolean bias : new boolean[]{false, true}) {
                List<Point> ps = points.stream().filter(p -> p.n() == n && p.bias() == bias).toList();
                if (ps.isEmpty()) {
                    continue;
                }
                series.add(new LinePlots.Series("measured n=" + n + (bias ? ", b~N(0,1)" : ", b=0"),
                        ps.stream().mapToDouble(Point::ratio).toArray(),
                        ps.stream().mapToDouble(Point::invertiblePct).toArray(), LinePlots.Style.MARKERS,
                        bias ? color.darker() : color));
            }
            List<Point> ps = points.stream().filter(p -> p.n() == n && !p.bias()).toList();
            series.add(new LinePlots.Series("predicted P[Bin(m,1/2) >= n], n=" + n,
                    ps.stream().mapToDouble(Point::ratio).toArray(),
                    ps.stream().mapToDouble(Point::predictedPct).toArray(), LinePlots.Style.LINE, color));
        }
        LinePlots.save(png, "F1: invertible rectifier linear transforms", "m / n", "invertible cases (%)", series);
    }
}
