package io.github.invertible.inversion;

import io.github.invertible.inversion.linalg.Matrices;
import io.github.invertible.inversion.linalg.SingularValues;
import io.github.invertible.inversion.piece.DenseResidualMap;
import java.util.Random;

/** Random weights for experiments and tests, drawn from a caller-owned {@link Random}. */
public final class RandomUnits {

    private RandomUnits() {
    }

    public static double[][] gaussian(Random rnd, int rows, int cols, double std) {
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = std * rnd.nextGaussian();
            }
        }
        return a;
    }

    public static double[] gaussian(Random rnd, int size, double std) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = std * rnd.nextGaussian();
        }
        return v;
    }

    /** Scales a in place to spectral norm {@code target}; returns it. */
    public static double[][] withSpectralNorm(double[][] a, double target) {
        double s = target / SingularValues.spectralNorm(a);
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= s;
            }
        }
        return a;
    }

    /**
     * The F2 unit of DESIGN §6: W1 [k,n], W2 [n,k] Gaussian, each rescaled to spectral norm √L,
     * b1, b2 ~ N(0, biasStd²).
     */
    public static DenseResidualMap gaussianUnit(Random rnd, int n, int k, double lipschitzBound, double biasStd) {
        double s = Math.sqrt(lipschitzBound);
        double[][] w1 = withSpectralNorm(gaussian(rnd, k, n, 1), s);
        double[][] w2 = withSpectralNorm(gaussian(rnd, n, k, 1), s);
        return new DenseResidualMap(w1, gaussian(rnd, k, biasStd), w2, gaussian(rnd, n, biasStd));
    }

    /** Tied unit W2 = α W1ᵀ with ‖W2‖‖W1‖ = lipschitzBound: invertible at any scale. */
    public static DenseResidualMap tiedUnit(Random rnd, int n, int k, double lipschitzBound, double biasStd) {
        double[][] w1 = withSpectralNorm(gaussian(rnd, k, n, 1), 1);
        double[][] w2 = Matrices.transpose(w1);
        for (double[] row : w2) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= lipschitzBound;
            }
        }
        return new DenseResidualMap(w1, gaussian(rnd, k, biasStd), w2, gaussian(rnd, n, biasStd));
    }
}
