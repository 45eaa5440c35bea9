package io.github.invertible.experiments;

/**
 * The largest eigenvalue and its eigenvector of a small symmetric matrix by cyclic Jacobi rotations. Hand-written
 * on purpose: ND4J's symmetric eigensolver is LAPACK through OpenBLAS, whose factorisations misbehaved on some CPUs
 * of this project (DESIGN §3.7), and the matrices here are Lanczos's tridiagonal T, at most a hundred wide, where
 * Jacobi is accurate to rounding and costs microseconds.
 */
final class SymmetricEigen {
    private SymmetricEigen() {
    }

    /** {@code {{λ_max}, v}} with v the unit eigenvector of λ_max; {@code a} is not modified. */
    static double[][] top(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double diag = 0;
            for (int i = 0; i < n; i++) {
                diag += m[i][i] * m[i][i];
                for (int j = i + 1; j < n; j++) {
                    off += m[i][j] * m[i][j];
                }
            }
            if (off <= 1e-30 * Math.max(diag, Double.MIN_NORMAL)) {
                break;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (m[p][q] == 0) {
                        continue;
                    }
                    double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) { // columns p, q of M
                        double mkp = m[k][p];
                        double mkq = m[k][q];
                        m[k][p] = c * mkp - s * mkq;
                        m[k][q] = s * mkp + c * mkq;
                    }
                    for (int k = 0; k < n; k++) { // rows p, q
                        double mpk = m[p][k];
                        double mqk = m[q][k];
                        m[p][k] = c * mpk - s * mqk;
                        m[q][k] = s * mpk + c * mqk;
                    }
                    for (int k = 0; k < n; k++) { // accumulate V = V·G
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (m[i][i] > m[best][best]) {
                best = i;
            }
        }
        double[] vec = new double[n];
        for (int k = 0; k < n; k++) {
            vec[k] = v[k][best];
        }
        return new double[][]{{m[best][best]}, vec};
    }
}
