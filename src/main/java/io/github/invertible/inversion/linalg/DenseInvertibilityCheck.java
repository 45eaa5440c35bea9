package io.github.invertible.inversion.linalg;

import io.github.invertible.inversion.piece.DenseResidualMap;

/**
 * Invertibility evidence for a dense residual unit (DESIGN §2.2):
 * the Lipschitz bound ‖W2‖₂‖W1‖₂ (&lt; 1 is sufficient) and, for small hidden width, the exhaustive
 * coherent-orientation test: det(I + W2 D W1) has the same non-zero sign for all 2^k patterns D.
 *
 * <p>det(I_n + W2 D W1) = det(I_a + (W1 W2)_AA) (Sylvester) with A the active set, so each pattern costs
 * one a×a LU. All 2^k patterns are checked; for k ≤ n they are exactly the linear regions (k generic
 * hyperplanes in ℝⁿ), for k &gt; n some patterns are not realised and the test is only sufficient.
 */
public final class DenseInvertibilityCheck {

    /** Largest hidden width for which the exhaustive check runs by default. */
    public static final int MAX_EXHAUSTIVE_WIDTH = 16;

    private DenseInvertibilityCheck() {
    }

    /** ‖W2‖₂ · ‖W1‖₂, an upper bound of Lip(g). */
    public static double lipschitzBound(DenseResidualMap unit) {
        return SingularValues.spectralNorm(unit.w2View()) * SingularValues.spectralNorm(unit.w1View());
    }

    /**
     * True when det(I + W2 D W1) has the same non-zero sign for all 2^k patterns (a coherently oriented,
     * hence bijective, piecewise affine map). Throws IllegalArgumentException when k exceeds
     * {@link #MAX_EXHAUSTIVE_WIDTH}.
     */
    public static boolean coherentlyOriented(DenseResidualMap unit) {
        int k = unit.hiddenSize();
        if (k > MAX_EXHAUSTIVE_WIDTH) {
            throw new IllegalArgumentException("exhaustive check limited to k ≤ " + MAX_EXHAUSTIVE_WIDTH + ", got " + k);
        }
        double[][] m = Matrices.multiply(unit.w1View(), unit.w2View());
        int sign = 0;
        int[] act = new int[k];
        for (int pattern = 0; pattern < (1 << k); pattern++) {
            int a = 0;
            for (int i = 0; i < k; i++) {
                if ((pattern & (1 << i)) != 0) {
                    act[a++] = i;
                }
            }
            int s = determinantSign(m, act, a);
            if (s == 0 || (sign != 0 && s != sign)) {
                return false;
            }
            sign = s;
        }
        return true;
    }

    /** Sign of det(I_a + M_AA); 0 when numerically singular. */
    static int determinantSign(double[][] m, int[] act, int a) {
        if (a == 0) {
            return 1;
        }
        double[][] sys = new double[a][a];
        for (int p = 0; p < a; p++) {
            for (int q = 0; q < a; q++) {
                sys[p][q] = m[act[p]][act[q]];
            }
            sys[p][p] += 1;
        }
        DenseLu lu = DenseLu.factorInPlace(sys, 1e-12);
        return lu == null ? 0 : lu.determinantSign();
    }
}
