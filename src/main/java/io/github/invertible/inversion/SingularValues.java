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
     * Spectral norm ‖A‖₂ = largest singular value: Jacobi for small matrices, the project's power iteration
     * ({@code model.PowerIteration}, to relative change 1e-13, at most 20 000 steps) when both sides exceed 200.
     */
    public static double spectralNorm(double[][] a) {
        if (Math.min(a.length, a[0].length) <= 200) {
            return of(a)[0];
        }
        double[][] at = Matrices.transpose(a);
        java.util.Random rnd = new java.util.Random(12345);
        double[] v = new double[a[0].length];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextGaussian();
        }
        return io.github.invertible.model.PowerIteration.run(new io.github.invertible.model.PowerIteration.Ops<double[]>() {
            @Override
            public double[] apply(double[] u) {
                return Matrices.multiply(a, u);
            }

            @Override
            public double[] applyAdjoint(double[] w) {
                return Matrices.multiply(at, w);
            }

            @Override
            public double norm(double[] w) {
                return Matrices.norm(w);
            }

            @Override
            public void normalise(double[] w, double norm) {
                for (int i = 0; i < w.length; i++) {
                    w[i] /= norm;
                }
            }

            @Override
            public void assign(double[] dst, double[] src) {
                System.arraycopy(src, 0, dst, 0, src.length);
            }

            @Override
            public double[] randomStart() {
                return v.clone();
            }
        }, v, 1e-13, 20000);
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
