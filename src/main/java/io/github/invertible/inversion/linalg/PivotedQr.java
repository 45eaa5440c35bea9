package io.github.invertible.inversion.linalg;

/**
 * Householder QR with column pivoting, A P = Q R, of a dense m×n matrix: rank-revealing, and the
 * least-squares solver of the RLT inverse. Plain Java (see {@link DenseLu} for why not LAPACK).
 */
public final class PivotedQr {

    private final double[][] qr; // R above the diagonal, Householder vectors below
    private final double[] rDiag;
    private final int[] perm;
    private final int m;
    private final int n;

    public PivotedQr(double[][] a) {
        m = a.length;
        n = m == 0 ? 0 : a[0].length;
        qr = Matrices.copy(a);
        rDiag = new double[Math.min(m, n)];
        perm = new int[n];
        double[] colNorm2 = new double[n];
        for (int j = 0; j < n; j++) {
            perm[j] = j;
            for (int i = 0; i < m; i++) {
                colNorm2[j] += qr[i][j] * qr[i][j];
            }
        }
        for (int c = 0; c < rDiag.length; c++) {
            int p = c;
            for (int j = c + 1; j < n; j++) {
                if (colNorm2[j] > colNorm2[p]) {
                    p = j;
                }
            }
            if (p != c) {
                for (int i = 0; i < m; i++) {
                    double t = qr[i][p];
                    qr[i][p] = qr[i][c];
                    qr[i][c] = t;
                }
                double t = colNorm2[p];
                colNorm2[p] = colNorm2[c];
                colNorm2[c] = t;
                int ti = perm[p];
                perm[p] = perm[c];
                perm[c] = ti;
            }
            double norm = 0;
            for (int i = c; i < m; i++) {
                norm = Math.hypot(norm, qr[i][c]);
            }
            if (norm == 0) {
                rDiag[c] = 0;
                continue;
            }
            if (qr[c][c] < 0) {
                norm = -norm;
            }
            for (int i = c; i < m; i++) {
                qr[i][c] /= norm;
            }
            qr[c][c] += 1;
            for (int j = c + 1; j < n; j++) {
                double s = 0;
                for (int i = c; i < m; i++) {
                    s += qr[i][c] * qr[i][j];
                }
                s = -s / qr[c][c];
                for (int i = c; i < m; i++) {
                    qr[i][j] += s * qr[i][c];
                }
                // downdate the remaining column norm (recomputed exactly: the matrices are small)
                double r2 = 0;
                for (int i = c + 1; i < m; i++) {
                    r2 += qr[i][j] * qr[i][j];
                }
                colNorm2[j] = r2;
            }
            rDiag[c] = -norm;
        }
    }

    /** Number of |R_jj| above tol · max(m,n) · |R_11| (tol ≤ 0: machine epsilon). */
    public int rank(double tol) {
        if (rDiag.length == 0) {
            return 0;
        }
        double t = (tol > 0 ? tol : Math.ulp(1.0)) * Math.max(m, n) * Math.abs(rDiag[0]);
        int r = 0;
        while (r < rDiag.length && Math.abs(rDiag[r]) > t) {
            r++;
        }
        return r;
    }

    /**
     * Basic least-squares solution using the first {@code rank} pivoted columns (the others set to
     * zero); for rank = n it is the unique least-squares solution.
     */
    public double[] solve(double[] b, int rank) {
        double[] y = b.clone();
        for (int c = 0; c < rank; c++) {
            double s = 0;
            for (int i = c; i < m; i++) {
                s += qr[i][c] * y[i];
            }
            s = -s / qr[c][c];
            for (int i = c; i < m; i++) {
                y[i] += s * qr[i][c];
            }
        }
        double[] z = new double[n];
        for (int c = rank - 1; c >= 0; c--) {
            double s = y[c];
            for (int j = c + 1; j < rank; j++) {
                s -= qr[c][j] * z[j];
            }
            z[c] = s / rDiag[c];
        }
        double[] x = new double[n];
        for (int j = 0; j < n; j++) {
            x[perm[j]] = z[j];
        }
        return x;
    }
}
