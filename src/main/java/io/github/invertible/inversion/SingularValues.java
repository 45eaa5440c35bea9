package io.github.invertible.inversion;

import java.util.Arrays;

/**
 * Singular values of a small dense matrix by one-sided Jacobi (Hestenes) rotations: accurate to
 * machine precision, including tiny singular values, which rank decisions and spectral-norm
 * rescaling need. O(sweeps · m · n²); meant for matrices up to a few hundred wide.
 */
public final class SingularValues {

    private SingularValues() {
    }

    /** Singular values in descending order (min(m,n) of them). */
    public static double[] of(double[][] a) {
        int m = a.length;
        int n = a[0].length;
        // Rotate the vectors of the shorter side: store them as rows for contiguous access.
        double[][] v = n <= m ? Matrices.transpose(a) : Matrices.copy(a);
        int p = v.length;
        for (int sweep = 0; sweep < 60; sweep++) {
            boolean rotated = false;
            for (int i = 0; i < p - 1; i++) {
                for (int j = i + 1; j < p; j++) {
                    double[] vi = v[i];
                    double[] vj = v[j];
                    double alpha = 0;
                    double beta = 0;
                    double gamma = 0;
                    for (int t = 0; t < vi.length; t++) {
                        alpha += vi[t] * vi[t];
                        beta += vj[t] * vj[t];
                        gamma += vi[t] * vj[t];
                    }
                    if (gamma == 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) {
                        continue;
                    }
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double tan = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    if (zeta == 0) {
                        tan = 1;
                    }
                    double c = 1 / Math.sqrt(1 + tan * tan);
                    double s = c * tan;
                    for (int t = 0; t < vi.length; t++) {
                        double x = vi[t];
                        double y = vj[t];
                        vi[t] = c * x - s * y;
                        vj[t] = s * x + c * y;
                    }
                }
            }
            if (!rotated) {
                break;
            }
        }
        double[] sv = new double[p];
        for (int i = 0; i < p; i++) {
            sv[i] = Matrices.norm(v[i]);
        }
        Arrays.sort(sv);
        for (int i = 0; i < p / 2; i++) {
            double t = sv[i];
            sv[i] = sv[p - 1 - i];
            sv[p - 1 - i] = t;
        }
        return sv;
    }

    /**
     * Spectral norm ‖A‖₂ = largest singular value: Jacobi for small matrices, power iteration on AᵀA
     * (to relative change 1e-13, at most 20 000 steps) when both sides exceed 200.
     */
    public static double spectralNorm(double[][] a) {
        if (Math.min(a.length, a[0].length) <= 200) {
            return of(a)[0];
        }
        double[][] at = Matrices.transpose(a);
        double[] v = new double[a[0].length];
        java.util.Random rnd = new java.util.Random(12345);
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextGaussian();
        }
        double sigma = 0;
        for (int it = 0; it < 20000; it++) {
            double nv = Matrices.norm(v);
            for (int i = 0; i < v.length; i++) {
                v[i] /= nv;
            }
            double[] w = Matrices.multiply(at, Matrices.multiply(a, v));
            double next = Math.sqrt(Matrices.norm(w));
            v = w;
            if (Math.abs(next - sigma) <= 1e-13 * next) {
                return next;
            }
            sigma = next;
        }
        return sigma;
    }

    /** Numerical rank: singular values above tol · max(m,n) · σ_max (tol ≤ 0 means machine epsilon). */
    public static int rank(double[][] a, double tol) {
        double[] sv = of(a);
        double t = (tol > 0 ? tol : Math.ulp(1.0)) * Math.max(a.length, a[0].length) * sv[0];
        int r = 0;
        for (double s : sv) {
            if (s > t) {
                r++;
            }
        }
        return r;
    }
}
