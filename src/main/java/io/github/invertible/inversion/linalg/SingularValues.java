package io.github.invertible.inversion.linalg;

import io.github.invertible.model.SpectralNorms;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

import java.util.Arrays;

/**
 * Singular values of a small dense matrix, by EJML's SVD (values only, double), and its spectral norm by the
 * project's one exact dense norm ({@link SpectralNorms#exactDense}). The one-sided Jacobi rotations written here
 * before were replaced by the library (ND4J's gesvd is not used: its LAPACK path was measured wrong on an AVX-512
 * machine, DESIGN §3.7).
 */
public final class SingularValues {

    private SingularValues() {
    }

    /** Singular values in descending order (min(m,n) of them). */
    public static double[] of(double[][] a) {
        DMatrixRMaj m = new DMatrixRMaj(a);
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(m.numRows, m.numCols, false, false, true);
        if (!svd.decompose(m)) {
            throw new IllegalArgumentException("SVD failed (NaN or infinite entries?)");
        }
        double[] s = Arrays.copyOf(svd.getSingularValues(), Math.min(m.numRows, m.numCols));
        Arrays.sort(s);
        for (int i = 0, j = s.length - 1; i < j; i++, j--) {
            double t = s[i];
            s[i] = s[j];
            s[j] = t;
        }
        return s;
    }

    /** Spectral norm ‖A‖₂ = largest singular value, exactly ({@link SpectralNorms#exactDense}). */
    public static double spectralNorm(double[][] a) {
        return SpectralNorms.exactDense(a);
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
