package io.github.invertible.experiments;

import io.github.invertible.inversion.InverseJacobian;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The worst-case direction of an inverse's Jacobian K (DESIGN §8.4) by the Lanczos method on KᵀK, one Krylov space
 * per sample, batched: each step applies K and Kᵀ once (the inverse's own matrix-free solves, {@link InverseJacobian})
 * and reorthogonalises fully against the earlier vectors. The top Ritz pair (θ, u) of the tridiagonal matrix T
 * approximates KᵀK's largest eigenvalue σ_max(K)² from below; a sample has converged when its residual
 * ‖KᵀK u − θ u‖ = β_j |s_j| (the last Lanczos coefficient times the Ritz vector's last coordinate in T's basis) is at
 * most {@code relTol} θ, or its Krylov space became invariant. Power iteration, used before, converges at the rate
 * σ₂/σ₁ and stalled on clusters of singular values (a tied unit's near 1); Lanczos converges on the whole cluster.
 * The returned σ = ‖K u‖ along the returned direction is a lower estimate of σ_max, exact to the residual when
 * converged.
 */
public final class LanczosWorst {
    /** Per sample: u (unit rows, K's output shape), σ = ‖K u‖, whether its Ritz pair met the rule; steps run. */
    public record Result(INDArray direction, double[] sigma, boolean[] converged, int iterations) {
        public int convergedCount() {
            int c = 0;
            for (boolean b : converged) {
                c += b ? 1 : 0;
            }
            return c;
        }
    }

    private LanczosWorst() {
    }

    /** Lanczos on KᵀK from a seeded random start, at most {@code maxIter} steps, stopping when every sample converged. */
    public static Result run(InverseJacobian k, int maxIter, double relTol, long seed) {
        long[] shape = k.outputShape();
        int n = (int) shape[0];
        int d = (int) (Arrays.stream(shape).reduce(1, (a, b) -> a * b) / n);
        Random rnd = new Random(seed);
        double[] start = new double[n * d];
        for (int i = 0; i < start.length; i++) {
            start[i] = rnd.nextGaussian();
        }
        INDArray q = normalise(Nd4j.createFromArray(start).reshape(n, d));
        List<INDArray> basis = new ArrayList<>();
        List<double[]> alphas = new ArrayList<>();
        List<double[]> betas = new ArrayList<>();
        INDArray qPrev = Nd4j.zeros(DataType.DOUBLE, n, d);
        double[] betaPrev = new double[n];
        boolean[] converged = new boolean[n];
        double[][] ritz = new double[n][];
        int steps = Math.min(maxIter, d);
        for (int j = 0; j < steps; j++) {
            basis.add(q);
            INDArray w = k.applyTranspose(k.apply(q.reshape(shape))).reshape(n, d).dup();
            double[] a = rowDots(w, q);
            w.subi(q.mulColumnVector(column(a))).subi(qPrev.mulColumnVector(column(betaPrev)));
            for (int pass = 0; pass < 2; pass++) { // full reorthogonalisation, twice (Kahan: twice is enough)
                for (INDArray v : basis) {
                    w.subi(v.mulColumnVector(column(rowDots(w, v))));
                }
            }
            double[] b = w.norm2(1).toDoubleVector();
            alphas.add(a);
            betas.add(b);
            boolean all = true;
            for (int s = 0; s < n; s++) {
                double[][] t = tridiagonal(alphas, betas, s);
                double[][] eig = SymmetricEigen.top(t); // {θ}, s
                ritz[s] = eig[1];
                double theta = eig[0][0];
                double residual = b[s] * Math.abs(eig[1][j]);
                converged[s] = residual <= relTol * theta || b[s] <= 1e-14 * Math.max(theta, 1e-300);
                all &= converged[s];
            }
            if (all) {
                break;
            }
            INDArray next = w.dup();
            for (int s = 0; s < n; s++) {
                double scale = b[s] > 0 ? 1 / b[s] : 0; // an invariant space: the sample's further vectors are 0
                next.getRow(s).muli(scale);
            }
            qPrev = q;
            betaPrev = b;
            q = next;
        }
        INDArray u = Nd4j.zeros(DataType.DOUBLE, n, d);
        for (int j = 0; j < alphas.size(); j++) {
            double[] c = new double[n];
            for (int s = 0; s < n; s++) {
                c[s] = ritz[s][j];
            }
            u.addi(basis.get(j).mulColumnVector(column(c)));
        }
        u = normalise(u);
        double[] sigma = k.apply(u.reshape(shape)).reshape(n, -1).norm2(1).toDoubleVector();
        return new Result(u.reshape(shape), sigma, converged, alphas.size());
    }

    /** Sample s's T: alphas on the diagonal, betas (but the last) beside it. */
    static double[][] tridiagonal(List<double[]> alphas, List<double[]> betas, int s) {
        int m = alphas.size();
        double[][] t = new double[m][m];
        for (int i = 0; i < m; i++) {
            t[i][i] = alphas.get(i)[s];
            if (i + 1 < m) {
                t[i][i + 1] = betas.get(i)[s];
                t[i + 1][i] = betas.get(i)[s];
            }
        }
        return t;
    }

    private static INDArray column(double[] v) {
        return Nd4j.createFromArray(v).reshape(v.length, 1);
    }

    private static double[] rowDots(INDArray a, INDArray b) {
        return a.mul(b).sum(1).toDoubleVector();
    }

    private static INDArray normalise(INDArray a) {
        INDArray norms = a.norm2(1);
        return a.divColumnVector(norms.reshape(a.size(0), 1));
    }
}
