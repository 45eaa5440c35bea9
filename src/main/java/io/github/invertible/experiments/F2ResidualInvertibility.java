package io.github.invertible.experiments;

import io.github.invertible.inversion.linalg.DenseInvertibilityCheck;
import io.github.invertible.inversion.DenseResidualInverter;
import io.github.invertible.inversion.piece.DenseResidualMap;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.inversion.InverseOptions;
import io.github.invertible.inversion.InverseStatus;
import io.github.invertible.inversion.RandomUnits;
import io.github.invertible.inversion.SampleInversion;
import io.github.invertible.report.CsvTable;
import io.github.invertible.report.LinePlots;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Experiment F2 (DESIGN §6): dense residual units with W1, W2 Gaussian rescaled to spectral norm √L,
 * b1, b2 ~ N(0, 0.1²), x ~ N(0, I), y = F(x). Each method starts at x0 = y with budget 200; success is
 * ‖x̂ − x‖/‖x‖ &lt; 1e-6. Also the truly invertible fraction (coherent orientation) when k ≤ 16.
 */
public final class F2ResidualInvertibility {
    /** The table of {@link #table}: per point, each method's share of units inverted. */
    public static final String CSV = "f2_residual_invertibility.csv";
    /** The figure of {@link #plot}. */
    public static final String PNG = "f2_residual_invertibility.png";
    /** The table of {@link #iterationTable}. */
    public static final String ITERATIONS_CSV = "f2_iterations.csv";
    /** The table of {@link #outcomeTable}. */
    public static final String OUTCOMES_CSV = "f2_outcomes.csv";

    public static final double[] DEFAULT_BOUNDS = {0.25, 0.5, 0.75, 0.9, 1, 1.25, 1.5, 2, 3, 4, 6, 8};
    public static final double SUCCESS_ERROR = 1e-6;
    public static final double BIAS_STD = 0.1;
    /** Every registered method (the registry order fixes the CSV columns and plot series). */
    private static final InverseMethod[] METHODS = InverseMethod.values();

    /** One (n, k, L) point; per-method arrays are indexed by {@link InverseMethod#ordinal()} (registry order). */
    public record Point(int n, int k, double bound, int cases, int[] successes, int trulyInvertible,
                        boolean checked, int[] medianIterations, int[] medianIterationsOfSuccesses,
                        int[][] statusCounts) {

        /** Cases whose certificate ‖F(x̂) − y‖/‖y‖ &lt; 1e-6 held, whether or not x̂ is the x that made y. */
        public int certified(InverseMethod m) {
            return statusCounts[m.ordinal()][InverseStatus.RECOVERED.ordinal()];
        }

        public double pct(InverseMethod m) {
            return 100.0 * successes[m.ordinal()] / cases;
        }

        /** Null when k &gt; 16 (not checkable exhaustively). */
        public Double trulyInvertiblePct() {
            return checked ? 100.0 * trulyInvertible / cases : null;
        }
    }

    private final long seed;
    private final int cases;
    private final InverseOptions options = InverseOptions.defaults().withMaxIterations(200);

    public F2ResidualInvertibility(long seed, int cases) {
        this.seed = seed;
        this.cases = cases;
    }

    public List<Point> run(int n, int k, double[] bounds) {
        return Arrays.stream(bounds).parallel().mapToObj(l -> point(n, k, l)).toList();
    }

    public Point point(int n, int k, double bound) {
        Random rnd = new Random(seed ^ (1_000_003L * n + 7919L * k + Double.doubleToLongBits(bound)));
        boolean checkable = k <= DenseInvertibilityCheck.MAX_EXHAUSTIVE_WIDTH;
        int methods = METHODS.length;
        int[] successes = new int[methods];
        int[][] iterations = new int[methods][cases];
        List<List<Integer>> successIterations = new ArrayList<>();
        for (int m = 0; m < methods; m++) {
            successIterations.add(new ArrayList<>());
        }
        int truly = 0;
        int[][] statusCounts = new int[methods][InverseStatus.values().length];
        for (int c = 0; c < cases; c++) {
            DenseResidualMap unit = RandomUnits.gaussianUnit(rnd, n, k, bound, BIAS_STD);
            double[] x = RandomUnits.gaussian(rnd, n, 1);
            double[] y = unit.forward(x);
            DenseResidualInverter inverter = new DenseResidualInverter(unit);
            for (InverseMethod m : METHODS) {
                SampleInversion r = inverter.invertSample(y, m, options);
                iterations[m.ordinal()][c] = r.iterations();
                statusCounts[m.ordinal()][r.status().ordinal()]++;
                if (relativeError(r.x(), x) < SUCCESS_ERROR) {
                    successes[m.ordinal()]++;
                    successIterations.get(m.ordinal()).add(r.iterations());
                }
            }
            if (checkable && DenseInvertibilityCheck.coherentlyOriented(unit)) {
                truly++;
            }
        }
        int[] med = new int[methods];
        int[] medSuccess = new int[methods];
        for (int i = 0; i < methods; i++) {
            med[i] = median(iterations[i]);
            medSuccess[i] = median(successIterations.get(i).stream().mapToInt(Integer::intValue).toArray());
        }
        return new Point(n, k, bound, cases, successes, truly, checkable, med, medSuccess, statusCounts);
    }

    private static double relativeError(double[] a, double[] b) {
        double d = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
            nb += b[i] * b[i];
        }
        return Double.isFinite(d) ? Math.sqrt(d / nb) : Double.POSITIVE_INFINITY;
    }

    /** Lower median; −1 for an empty array. */
    static int median(int[] v) {
        if (v.length == 0) {
            return -1;
        }
        int[] s = v.clone();
        Arrays.sort(s);
        return s[(s.length - 1) / 2];
    }

    public static CsvTable table(List<Point> points) {
        List<String> cols = new ArrayList<>(List.of("n", "k", "lipschitz_bound", "cases"));
        for (InverseMethod m : METHODS) {
            cols.add(m.column() + "_pct");
        }
        cols.add("truly_invertible_pct");
        CsvTable t = new CsvTable(cols.toArray(String[]::new));
        for (Point p : points) {
            List<Object> row = new ArrayList<>(List.of(p.n(), p.k(), p.bound(), p.cases()));
            for (InverseMethod m : METHODS) {
                row.add(p.pct(m));
            }
            row.add(p.trulyInvertiblePct());
            t.add(row.toArray());
        }
        return t;
    }

    /** Median iterations over all cases (failures count with the iterations they used) and over successes. */
    public static CsvTable iterationTable(List<Point> points) {
        List<String> cols = new ArrayList<>(List.of("n", "k", "lipschitz_bound", "cases"));
        for (InverseMethod m : METHODS) {
            cols.add(m.column() + "_median_iterations");
        }
        for (InverseMethod m : METHODS) {
            cols.add(m.column() + "_median_iterations_successes");
        }
        CsvTable t = new CsvTable(cols.toArray(String[]::new));
        for (Point p : points) {
            List<Object> row = new ArrayList<>(List.of(p.n(), p.k(), p.bound(), p.cases()));
            for (InverseMethod m : METHODS) {
                row.add(p.medianIterations()[m.ordinal()]);
            }
            for (InverseMethod m : METHODS) {
                int s = p.medianIterationsOfSuccesses()[m.ordinal()];
                row.add(s < 0 ? null : s);
            }
            t.add(row.toArray());
        }
        return t;
    }

    /**
     * Outcome breakdown per method: recovered x, certified (‖F(x̂) − y‖/‖y‖ &lt; 1e-6), certified but x̂ not
     * within 1e-6 of x (another preimage of a non-injective unit, or an ill-conditioned one), and the
     * failure statuses (percentages of all cases).
     */
    public static CsvTable outcomeTable(List<Point> points) {
        List<String> cols = new ArrayList<>(List.of("n", "k", "lipschitz_bound", "cases", "method",
                "recovered_x_pct", "certified_pct", "other_preimage_pct"));
        for (InverseStatus st : InverseStatus.values()) {
            if (st != InverseStatus.RECOVERED) {
                cols.add(st.name().toLowerCase(java.util.Locale.ROOT) + "_pct");
            }
        }
        CsvTable t = new CsvTable(cols.toArray(String[]::new));
        for (Point p : points) {
            for (InverseMethod m : METHODS) {
                List<Object> row = new ArrayList<>(List.of(p.n(), p.k(), p.bound(), p.cases(),
                        m.id(), p.pct(m), 100.0 * p.certified(m) / p.cases(),
                        100.0 * Math.max(0, p.certified(m) - p.successes()[m.ordinal()]) / p.cases()));
                for (InverseStatus st : InverseStatus.values()) {
                    if (st != InverseStatus.RECOVERED) {
                        row.add(100.0 * p.statusCounts()[m.ordinal()][st.ordinal()] / p.cases());
                    }
                }
                t.add(row.toArray());
            }
        }
        return t;
    }

    public static void plot(List<Point> points, Path png) throws IOException {
        List<LinePlots.Series> series = new ArrayList<>();
        List<int[]> sizes = points.stream().map(p -> new int[]{p.n(), p.k()})
                .filter(distinctBy()).toList();
        for (int[] nk : sizes) {
            List<Point> ps = points.stream().filter(p -> p.n() == nk[0] && p.k() == nk[1]).toList();
            double[] x = ps.stream().mapToDouble(Point::bound).toArray();
            String tag = " (n=" + nk[0] + ", k=" + nk[1] + ")";
            // one colour per method; the first size solid with circles, the others dashed with triangles
            LinePlots.Style style = nk == sizes.get(0) ? LinePlots.Style.LINE_AND_MARKERS
                    : LinePlots.Style.DASHED_LINE_AND_MARKERS;
            for (InverseMethod m : METHODS) {
                series.add(new LinePlots.Series(m.label() + tag, x,
                        ps.stream().mapToDouble(p -> p.pct(m)).toArray(), style, new Color(m.rgb())));
            }
            if (ps.get(0).checked()) {
                series.add(new LinePlots.Series("truly invertible" + tag, x,
                        ps.stream().mapToDouble(Point::trulyInvertiblePct).toArray(), LinePlots.Style.DASHED_LINE,
                        Color.GRAY));
            }
        }
        LinePlots.save(png, "F2: residual units inverted vs Lipschitz bound", "Lipschitz bound L = ||W2|| ||W1||",
                "cases inverted / invertible (%)", series);
    }

    private static java.util.function.Predicate<int[]> distinctBy() {
        java.util.Set<List<Integer>> seen = new java.util.HashSet<>();
        return a -> seen.add(List.of(a[0], a[1]));
    }
}
