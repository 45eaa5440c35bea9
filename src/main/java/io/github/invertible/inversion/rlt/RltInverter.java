package io.github.invertible.inversion.rlt;

import io.github.invertible.inversion.linalg.Matrices;
import io.github.invertible.inversion.linalg.PivotedQr;
import io.github.invertible.inversion.piece.RectifierLinearTransform;

/**
 * Inverse of a rectifier linear transform (DESIGN §2.1): least squares on the active rows with a
 * rank-revealing pivoted QR, then the residual and the inactive inequalities are checked.
 */
public final class RltInverter {

    private final double rankTolerance;
    private final double tolerance;

    /**
     * @param rankTolerance relative tolerance of the rank decision (≤ 0: machine epsilon)
     * @param tolerance     relative residual / inequality slack accepted as "reproduces y"
     */
    public RltInverter(double rankTolerance, double tolerance) {
        this.rankTolerance = rankTolerance;
        this.tolerance = tolerance;
    }

    public RltInverter() {
        this(1e-10, 1e-8);
    }

    /** rank(W_I) for the active set of y; the invertibility statistic of experiment F1. */
    public int activeRank(RectifierLinearTransform t, double[] y) {
        double[][] wi = activeRows(t, y);
        return wi.length == 0 ? 0 : new PivotedQr(wi).rank(rankTolerance);
    }

    public RltInversion invert(RectifierLinearTransform t, double[] y) {
        int m = t.outputSize();
        int n = t.inputSize();
        if (y.length != m) {
            throw new IllegalArgumentException("expected y of length " + m + ", got " + y.length);
        }
        Matrices.requireFinite(y, "y");
        for (double v : y) {
            if (v < 0) {
                return new RltInversion(RltOutcome.NOT_IN_RANGE, null, 0, 0, n, Double.POSITIVE_INFINITY, 0);
            }
        }
        double[][] w = t.weightsView();
        double[] b = t.biasView();
        double[][] wi = activeRows(t, y);
        int a = wi.length;
        double[] rhs = new double[a];
        for (int i = 0, p = 0; i < m; i++) {
            if (y[i] > 0) {
                rhs[p++] = y[i] - b[i];
            }
        }
        int rank = 0;
        double[] x = new double[n];
        if (a > 0) {
            PivotedQr qr = new PivotedQr(wi);
            rank = qr.rank(rankTolerance);
            x = qr.solve(rhs, rank);
        }
        double scale = Math.max(Matrices.norm(y), 1);
        double res = 0;
        double violation = Double.NEGATIVE_INFINITY;
        double[] wx = Matrices.multiply(w, x);
        for (int i = 0; i < m; i++) {
            double z = wx[i] + b[i];
            if (y[i] > 0) {
                res += (z - y[i]) * (z - y[i]);
            } else {
                violation = Math.max(violation, z);
            }
        }
        res = Math.sqrt(res) / scale;
        double xScale = Math.max(Matrices.norm(x), 1);
        boolean consistent = res < tolerance;
        boolean inequalitiesHold = violation <= tolerance * xScale * 10;
        // Rank-deficient: the basic solution is one point of an (n − rank)-dimensional affine set; it may
        // violate an inactive inequality while another point of the set satisfies all of them. Deciding
        // that needs a linear program (not implemented), so a consistent rank-deficient y is NOT_UNIQUE.
        RltOutcome outcome;
        if (!consistent) {
            outcome = RltOutcome.NOT_IN_RANGE;
        } else if (rank < n) {
            outcome = RltOutcome.NOT_UNIQUE;
        } else {
            outcome = inequalitiesHold ? RltOutcome.RECOVERED : RltOutcome.NOT_IN_RANGE;
        }
        return new RltInversion(outcome, x, a, rank, n - rank, res,
                violation == Double.NEGATIVE_INFINITY ? 0 : violation);
    }

    private static double[][] activeRows(RectifierLinearTransform t, double[] y) {
        double[][] w = t.weightsView();
        int a = 0;
        for (double v : y) {
            if (v > 0) {
                a++;
            }
        }
        double[][] wi = new double[a][];
        for (int i = 0, p = 0; i < y.length; i++) {
            if (y[i] > 0) {
                wi[p++] = w[i];
            }
        }
        return wi;
    }
}
