package io.github.invertible.inversion;

import io.github.invertible.inversion.linalg.DenseLu;
import io.github.invertible.inversion.linalg.Matrices;
import io.github.invertible.inversion.piece.DenseResidualMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Inverses of a {@link DenseResidualMap} (DESIGN §4.5): existing fixed point, activation-pattern
 * (Newton) iteration and its split variant. Samples are independent and processed in parallel; every
 * result is certified by re-applying the forward map.
 *
 * <p>PROPOSED solves (I + W2 D W1) x = r per sample and step. With a active hidden units and a < n it
 * uses Woodbury, x = r − W2_A (I_a + (W1W2)_AA)⁻¹ (W1 r)_A, so the LU is a×a instead of n×n.
 * Thread-safe after construction.
 */
public final class DenseResidualInverter {

    /** Relative pivot below which a system counts as singular. */
    private static final double PIVOT_TOLERANCE = 1e-13;

    private final DenseResidualMap unit;
    private final int n;
    private final int k;
    private volatile double[][] w1w2; // W1 W2 [k,k], for Woodbury; built on first use
    private volatile SplitSystem split; // factorisation of I + ½ W2 W1, built on first use

    public DenseResidualInverter(DenseResidualMap unit) {
        this.unit = unit;
        this.n = unit.inputSize();
        this.k = unit.hiddenSize();
    }

    public DenseResidualMap unit() {
        return unit;
    }

    /** Inverts every row of y [N,n]. Throws IllegalArgumentException on NaN/∞ or a wrong shape. */
    public BatchInversion invert(INDArray y, InverseMethod method, InverseOptions options) {
        if (y.rank() != 2 || y.size(1) != n) {
            throw new IllegalArgumentException("expected y of shape [N," + n + "], got "
                    + java.util.Arrays.toString(y.shape()));
        }
        Matrices.requireFinite(y, "y");
        double[][] rows = y.castTo(DataType.DOUBLE).toDoubleMatrix();
        SampleInversion[] out = new SampleInversion[rows.length];
        IntStream.range(0, rows.length).parallel()
                .forEach(i -> out[i] = invertSample(rows[i], method, options));
        double[][] x = new double[rows.length][];
        InverseStatus[] status = new InverseStatus[rows.length];
        int[] iterations = new int[rows.length];
        double[] residual = new double[rows.length];
        boolean[] cycled = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            x[i] = out[i].x();
            status[i] = out[i].status();
            iterations[i] = out[i].iterations();
            residual[i] = out[i].residual();
            cycled[i] = out[i].cycleDetected();
        }
        INDArray xs = rows.length == 0 ? Nd4j.create(DataType.DOUBLE, 0, n) : Nd4j.createFromArray(x);
        return new BatchInversion(xs, status, iterations, residual, cycled);
    }

    /** Inverts one sample y [n]. */
    public SampleInversion invertSample(double[] y, InverseMethod method, InverseOptions options) {
        if (y.length != n) {
            throw new IllegalArgumentException("expected y of length " + n + ", got " + y.length);
        }
        Matrices.requireFinite(y, "y");
        return method.strategy().dense(this, y, options);
    }

    /** Certified relative residual ‖F(x) − y‖ / ‖y‖ (‖y‖ = 0 is treated as 1). */
    public double relativeResidual(double[] x, double[] y) {
        if (!Matrices.allFinite(x)) {
            return Double.POSITIVE_INFINITY;
        }
        return Matrices.distance(unit.forward(x), y) / denominator(y);
    }

    private static double denominator(double[] y) {
        double ny = Matrices.norm(y);
        return ny > 0 ? ny : 1;
    }

    private boolean diverged(double[] x, double[] y, InverseOptions o) {
        return !Matrices.allFinite(x) || Matrices.norm(x) > o.divergenceThreshold() * Math.max(Matrices.norm(y), 1);
    }

    /** Final certification: only a small certified residual is a success. */
    private SampleInversion finish(double[] x, double[] y, InverseStatus failure, int iterations,
                                   boolean cycle, InverseOptions o) {
        double res = relativeResidual(x, y);
        InverseStatus s = res < o.tolerance() ? InverseStatus.RECOVERED : failure;
        return new SampleInversion(x, s, iterations, res, cycle);
    }

    // ---- existing: x_{t+1} = y − g(x_t); note F(x_t) − y = x_t − x_{t+1}, so the step is the residual.

    SampleInversion existing(double[] y, InverseOptions o) {
        double den = denominator(y);
        double[] x = y.clone();
        int it = 0;
        while (it < o.maxIterations()) {
            double[] g = unit.branch(x);
            double[] next = new double[n];
            for (int i = 0; i < n; i++) {
                next[i] = y[i] - g[i];
            }
            double step = Matrices.distance(x, next) / den;
            if (step < o.targetResidual()) {
                break; // x itself already satisfies F(x) ≈ y
            }
            x = next;
            it++;
            if (diverged(x, y, o)) {
                return finish(x, y, InverseStatus.DIVERGED, it, false, o);
            }
        }
        return finish(x, y, InverseStatus.BUDGET_EXHAUSTED, it, false, o);
    }

    // ---- proposed: Newton on the piecewise affine F; stops when the activation pattern repeats.

    SampleInversion proposed(double[] y, InverseOptions o) {
        double den = denominator(y);
        double[] x = y.clone();
        BitSet pattern = pattern(x);
        Set<BitSet> seen = new HashSet<>();
        seen.add(pattern);
        boolean damped = false;
        int it = 0;
        while (it < o.maxIterations()) {
            double[] newton = newtonPoint(y, pattern);
            it++;
            if (newton == null) {
                return finish(x, y, InverseStatus.SINGULAR, it, damped, o);
            }
            BitSet next = pattern(newton);
            if (next.equals(pattern)) {
                return finish(newton, y, InverseStatus.BUDGET_EXHAUSTED, it, damped, o); // exact for this pattern
            }
            if (!damped && seen.contains(next)) {
                damped = true; // cycle: switch to Newton with backtracking on ‖F(x) − y‖
            }
            if (damped) {
                double[] stepped = Backtracking.step(x, newton, v -> Matrices.distance(unit.forward(v), y) / den);
                if (stepped == null) {
                    return finish(x, y, InverseStatus.CYCLED, it, true, o); // no decrease: stuck
                }
                x = stepped;
                next = pattern(x);
                if (relativeResidual(x, y) < o.targetResidual()) {
                    return finish(x, y, InverseStatus.CYCLED, it, true, o);
                }
            } else {
                x = newton;
            }
            if (diverged(x, y, o)) {
                return finish(x, y, InverseStatus.DIVERGED, it, damped, o);
            }
            seen.add(next);
            pattern = next;
        }
        return finish(x, y, damped ? InverseStatus.CYCLED : InverseStatus.BUDGET_EXHAUSTED, it, damped, o);
    }

    private BitSet pattern(double[] x) {
        double[] z = unit.preActivation(x);
        BitSet p = new BitSet(k);
        for (int i = 0; i < k; i++) {
            if (z[i] > 0) {
                p.set(i);
            }
        }
        return p;
    }

    /** Solves (I + W2 D W1) x = y − b2 − W2 D b1 for the pattern D; null if singular. */
    double[] newtonPoint(double[] y, BitSet pattern) {
        double[][] w1 = unit.w1View();
        double[][] w2 = unit.w2View();
        double[] b1 = unit.b1View();
        double[] b2 = unit.b2View();
        int[] act = pattern.stream().toArray();
        int a = act.length;
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            double s = y[i] - b2[i];
            double[] w2i = w2[i];
            for (int l : act) {
                s -= w2i[l] * b1[l];
            }
            r[i] = s;
        }
        if (a == 0) {
            return r;
        }
        if (a < n) {
            double[][] m = w1w2();
            double[][] sys = new double[a][a];
            double[] rhs = new double[a];
            for (int p = 0; p < a; p++) {
                double[] mrow = m[act[p]];
                for (int q = 0; q < a; q++) {
                    sys[p][q] = mrow[act[q]];
                }
                sys[p][p] += 1;
                double[] w1row = w1[act[p]];
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += w1row[j] * r[j];
                }
                rhs[p] = s;
            }
            DenseLu lu = DenseLu.factorInPlace(sys, PIVOT_TOLERANCE);
            if (lu == null) {
                return null;
            }
            double[] z = lu.solve(rhs);
            for (int i = 0; i < n; i++) {
                double[] w2i = w2[i];
                double s = 0;
                for (int p = 0; p < a; p++) {
                    s += w2i[act[p]] * z[p];
                }
                r[i] -= s;
            }
            return r;
        }
        double[][] sys = new double[n][n];
        for (int i = 0; i < n; i++) {
            double[] row = sys[i];
            double[] w2i = w2[i];
            for (int l : act) {
                double f = w2i[l];
                if (f == 0) {
                    continue;
                }
                double[] w1l = w1[l];
                for (int j = 0; j < n; j++) {
                    row[j] += f * w1l[j];
                }
            }
            row[i] += 1;
        }
        DenseLu lu = DenseLu.factorInPlace(sys, PIVOT_TOLERANCE);
        return lu == null ? null : lu.solve(r);
    }

    private double[][] w1w2() {
        double[][] m = w1w2;
        if (m == null) {
            synchronized (this) {
                if (w1w2 == null) {
                    w1w2 = Matrices.multiply(unit.w1View(), unit.w2View());
                }
                m = w1w2;
            }
        }
        return m;
    }

    // ---- split: (I + ½W2W1) x_{t+1} = y − b2 − ½W2b1 − ½W2|W1 x_t + b1|, one LU for all steps.

    private record SplitSystem(DenseLu lu, double[] offset) {
    }

    private SplitSystem splitSystem() {
        SplitSystem s = split;
        if (s == null) {
            synchronized (this) {
                if (split == null) {
                    double[][] a = Matrices.multiply(unit.w2View(), unit.w1View());
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            a[i][j] *= 0.5;
                        }
                        a[i][i] += 1;
                    }
                    DenseLu lu = DenseLu.factorInPlace(a, PIVOT_TOLERANCE);
                    double[] w2b1 = Matrices.multiply(unit.w2View(), unit.b1View());
                    double[] off = new double[n];
                    for (int i = 0; i < n; i++) {
                        off[i] = unit.b2View()[i] + 0.5 * w2b1[i];
                    }
                    split = new SplitSystem(lu, off);
                }
                s = split;
            }
        }
        return s;
    }

    SampleInversion split(double[] y, InverseOptions o) {
        SplitSystem sys = splitSystem();
        double[] x = y.clone();
        if (sys.lu() == null) {
            return finish(x, y, InverseStatus.SINGULAR, 0, false, o);
        }
        double den = denominator(y);
        double[][] w2 = unit.w2View();
        int it = 0;
        while (it < o.maxIterations()) {
            double[] z = unit.preActivation(x);
            for (int l = 0; l < k; l++) {
                z[l] = Math.abs(z[l]);
            }
            double[] rhs = new double[n];
            for (int i = 0; i < n; i++) {
                double[] w2i = w2[i];
                double s = 0;
                for (int l = 0; l < k; l++) {
                    s += w2i[l] * z[l];
                }
                rhs[i] = y[i] - sys.offset()[i] - 0.5 * s;
            }
            double[] next = sys.lu().solve(rhs);
            it++;
            double step = Matrices.distance(next, x) / den;
            x = next;
            if (diverged(x, y, o)) {
                return finish(x, y, InverseStatus.DIVERGED, it, false, o);
            }
            if (step < o.targetResidual()) {
                break;
            }
        }
        return finish(x, y, InverseStatus.BUDGET_EXHAUSTED, it, false, o);
    }
}
