package io.github.invertible.inversion.linalg;

/**
 * LU factorisation with partial pivoting of a small dense square matrix, in plain Java.
 *
 * <p>Why not ND4J/LAPACK: {@code Lapack.getrf} of nd4j-native M2.1 crashes (SIGSEGV) for n ≥ 100 when
 * called from a thread with the default 1 MB stack (checked on this machine; it works with -Xss16m),
 * and the libnd4j batched {@code solve} took ~1.6 s for one 392×392 system. The per-sample systems of
 * the inverses are small or medium, so a cache-friendly row-oriented LU is both safe and fast enough.
 */
public final class DenseLu {

    private final double[][] lu;
    private final int[] perm;
    private final int n;
    private final int sign;

    private DenseLu(double[][] lu, int[] perm, int sign) {
        this.lu = lu;
        this.perm = perm;
        this.n = lu.length;
        this.sign = sign;
    }

    /**
     * Factors {@code a} (which is overwritten). Returns null when a pivot is below
     * {@code relPivotTol} times the largest absolute entry: the matrix is (numerically) singular.
     */
    public static DenseLu factorInPlace(double[][] a, double relPivotTol) {
        int n = a.length;
        double scale = 0;
        for (double[] row : a) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        if (!(scale > 0) || !Double.isFinite(scale)) {
            return null;
        }
        double floor = relPivotTol * scale;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        int sign = 1;
        for (int c = 0; c < n; c++) {
            int p = c;
            double best = Math.abs(a[c][c]);
            for (int r = c + 1; r < n; r++) {
                double v = Math.abs(a[r][c]);
                if (v > best) {
                    best = v;
                    p = r;
                }
            }
            if (best <= floor) {
                return null;
            }
            if (p != c) {
                double[] t = a[p];
                a[p] = a[c];
                a[c] = t;
                int ti = perm[p];
                perm[p] = perm[c];
                perm[c] = ti;
                sign = -sign;
            }
            double[] pivotRow = a[c];
            double inv = 1.0 / pivotRow[c];
            for (int r = c + 1; r < n; r++) {
                double[] row = a[r];
                double f = row[c] * inv;
                if (f != 0) {
                    row[c] = f;
                    for (int j = c + 1; j < n; j++) {
                        row[j] -= f * pivotRow[j];
                    }
                } else {
                    row[c] = 0;
                }
            }
        }
        return new DenseLu(a, perm, sign);
    }

    public static DenseLu factor(double[][] a, double relPivotTol) {
        double[][] copy = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            copy[i] = a[i].clone();
        }
        return factorInPlace(copy, relPivotTol);
    }

    public int size() {
        return n;
    }

    /** Solves A x = b; returns a new array. */
    public double[] solve(double[] b) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = b[perm[i]];
        }
        for (int i = 0; i < n; i++) {
            double[] row = lu[i];
            double s = x[i];
            for (int j = 0; j < i; j++) {
                s -= row[j] * x[j];
            }
            x[i] = s;
        }
        for (int i = n - 1; i >= 0; i--) {
            double[] row = lu[i];
            double s = x[i];
            for (int j = i + 1; j < n; j++) {
                s -= row[j] * x[j];
            }
            x[i] = s / row[i];
        }
        return x;
    }

    /** Sign of the determinant (+1 or −1); the factorisation exists only for non-singular matrices. */
    public int determinantSign() {
        int s = sign;
        for (int i = 0; i < n; i++) {
            if (lu[i][i] < 0) {
                s = -s;
            }
        }
        return s;
    }

    /** The explicit inverse (n solves); used where one factorisation serves a whole batch. */
    public double[][] inverse() {
        double[][] inv = new double[n][n];
        double[] e = new double[n];
        for (int j = 0; j < n; j++) {
            e[j] = 1;
            double[] col = solve(e);
            e[j] = 0;
            for (int i = 0; i < n; i++) {
                inv[i][j] = col[i];
            }
        }
        return inv;
    }
}
