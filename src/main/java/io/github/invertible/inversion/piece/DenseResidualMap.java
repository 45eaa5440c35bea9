package io.github.invertible.inversion.piece;

import io.github.invertible.inversion.linalg.DenseLu;
import io.github.invertible.inversion.LoopWorkspace;
import io.github.invertible.inversion.linalg.Matrices;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A fully connected residual unit y = x + W2 σ(W1 x + b1) + b2 in double precision,
 * W1 [k,n], b1 [k], W2 [n,k], b2 [n] (math convention; a batch is [N,n] with samples in rows).
 * Immutable; weights are copied in. The one place of this family's math (DESIGN §3.2);
 * {@code model.ResidualDenseUnit.defineLayer} is its training path.
 * <p>Named a map, not a unit, to keep it apart from {@code model.ResidualDenseUnit}, the DL4J layer it mirrors.
 */
public final class DenseResidualMap implements ResidualOperator {

    private final int n;
    private final int k;
    private final double[][] w1;
    private final double[] b1;
    private final double[][] w2;
    private final double[] b2;

    public DenseResidualMap(double[][] w1, double[] b1, double[][] w2, double[] b2) {
        this.k = w1.length;
        this.n = w1[0].length;
        if (b1.length != k || w2.length != n || w2[0].length != k || b2.length != n) {
            throw new IllegalArgumentException("shape mismatch: W1 [" + k + "," + n + "], b1 [" + b1.length
                    + "], W2 [" + w2.length + "," + w2[0].length + "], b2 [" + b2.length + "]");
        }
        this.w1 = Matrices.copy(w1);
        this.b1 = b1.clone();
        this.w2 = Matrices.copy(w2);
        this.b2 = b2.clone();
        Matrices.requireFinite(this.w1, "W1");
        Matrices.requireFinite(this.w2, "W2");
        Matrices.requireFinite(this.b1, "b1");
        Matrices.requireFinite(this.b2, "b2");
    }

    /** From ND4J arrays W1 [k,n], b1 [k] (or [1,k]), W2 [n,k], b2 [n] (or [1,n]). */
    public static DenseResidualMap of(INDArray w1, INDArray b1, INDArray w2, INDArray b2) {
        return new DenseResidualMap(w1.castTo(DataType.DOUBLE).toDoubleMatrix(),
                b1.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector(),
                w2.castTo(DataType.DOUBLE).toDoubleMatrix(),
                b2.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector());
    }

    public int inputSize() {
        return n;
    }

    public int hiddenSize() {
        return k;
    }

    public double[][] w1() {
        return Matrices.copy(w1);
    }

    public double[][] w2() {
        return Matrices.copy(w2);
    }

    public double[] b1() {
        return b1.clone();
    }

    public double[] b2() {
        return b2.clone();
    }

    // Package-private views without copies, for the solvers.
    public double[][] w1View() {
        return w1;
    }

    public double[][] w2View() {
        return w2;
    }

    public double[] b1View() {
        return b1;
    }

    public double[] b2View() {
        return b2;
    }

    /** Pre-activation W1 x + b1. */
    public double[] preActivation(double[] x) {
        double[] z = Matrices.multiply(w1, x);
        for (int i = 0; i < k; i++) {
            z[i] += b1[i];
        }
        return z;
    }

    /** Residual branch g(x) = W2 σ(W1 x + b1) + b2. */
    public double[] branch(double[] x) {
        double[] h = preActivation(x);
        for (int i = 0; i < k; i++) {
            h[i] = Math.max(h[i], 0);
        }
        double[] g = Matrices.multiply(w2, h);
        for (int i = 0; i < n; i++) {
            g[i] += b2[i];
        }
        return g;
    }

    /** F(x) = x + g(x). */
    public double[] forward(double[] x) {
        double[] g = branch(x);
        for (int i = 0; i < n; i++) {
            g[i] += x[i];
        }
        return g;
    }

    /** Jacobian-vector product (I + W2 D W1) v with D the activation pattern of x (DESIGN §3.2). */
    public double[] jvp(double[] x, double[] v) {
        double[] p = preActivation(x);
        double[] u = Matrices.multiply(w1, v);
        for (int i = 0; i < k; i++) {
            u[i] = p[i] > 0 ? u[i] : 0;
        }
        double[] out = Matrices.multiply(w2, u);
        for (int i = 0; i < n; i++) {
            out[i] += v[i];
        }
        return out;
    }

    /** Its adjoint (I + W1ᵀ D W2ᵀ) w at the pattern of x. */
    public double[] jvpAdjoint(double[] x, double[] w) {
        double[] p = preActivation(x);
        double[] u = new double[k];
        for (int j = 0; j < k; j++) {
            if (p[j] > 0) {
                for (int i = 0; i < n; i++) {
                    u[j] += w2[i][j] * w[i];
                }
            }
        }
        double[] out = w.clone();
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                out[i] += w1[j][i] * u[j];
            }
        }
        return out;
    }

    /** Batched forward, row by row through {@link #forward(double[])} (one definition of F); X is [N,n]. */
    public INDArray forward(INDArray x) {
        double[][] rows = x.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] out = new double[rows.length][];
        java.util.stream.IntStream.range(0, rows.length).parallel().forEach(i -> out[i] = forward(rows[i]));
        return rows.length == 0 ? Nd4j.create(DataType.DOUBLE, 0, n) : Nd4j.createFromArray(out);
    }

    // ---- the residual operator contract on batches [N,n], in the precision of the argument

    /** W1ᵀ, W2ᵀ and the biases as ND4J arrays of the given type (built on first use per type). */
    private INDArray[] weights(DataType t) {
        INDArray[] w = t == DataType.FLOAT ? weightsF : weightsD;
        if (w == null) {
            w = LoopWorkspace.outside(() -> new INDArray[]{
                    Nd4j.createFromArray(w1).castTo(t).transpose().dup('c'),
                    Nd4j.createFromArray(w2).castTo(t).transpose().dup('c'),
                    Nd4j.createFromArray(b1).castTo(t).reshape(1, k),
                    Nd4j.createFromArray(b2).castTo(t).reshape(1, n)});
            if (t == DataType.FLOAT) {
                weightsF = w;
            } else {
                weightsD = w;
            }
        }
        return w;
    }

    private volatile INDArray[] weightsF;
    private volatile INDArray[] weightsD;

    private INDArray pre(INDArray x) {
        INDArray[] w = weights(x.dataType());
        return x.mmul(w[0]).addiRowVector(w[2]);
    }

    @Override
    public INDArray apply(INDArray x) {
        INDArray[] w = weights(x.dataType());
        return Transforms.relu(pre(x), false).mmul(w[1]).addiRowVector(w[3]).addi(x);
    }

    @Override
    public INDArray pattern(INDArray x) {
        return pre(x).gt(0).castTo(x.dataType());
    }

    @Override
    public INDArray jacobian(INDArray v, INDArray pattern) {
        INDArray[] w = weights(v.dataType());
        return v.mmul(w[0]).muli(pattern).mmul(w[1]).addi(v);
    }

    @Override
    public INDArray jacobianAdjoint(INDArray wv, INDArray pattern) {
        INDArray[] w = weights(wv.dataType());
        return wv.mmul(w[1].transpose()).muli(pattern).mmul(w[0].transpose()).addi(wv);
    }

    /** Direct: one LU of the n×n pattern Jacobian per sample (the tolerance is not needed). */
    @Override
    public INDArray solve(INDArray b, INDArray pattern, double tol) {
        return direct(b, pattern, false);
    }

    @Override
    public INDArray solveAdjoint(INDArray wv, INDArray pattern, double tol) {
        return direct(wv, pattern, true);
    }

    private INDArray direct(INDArray b, INDArray pattern, boolean transpose) {
        double[][] rhs = b.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] d = pattern.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] out = new double[rhs.length][];
        for (int s = 0; s < rhs.length; s++) {
            double[][] j = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int l = 0; l < k; l++) {
                    double f = w2[i][l] * d[s][l];
                    if (f != 0) {
                        for (int c = 0; c < n; c++) {
                            j[i][c] += f * w1[l][c];
                        }
                    }
                }
                j[i][i] += 1;
            }
            DenseLu lu = DenseLu.factorInPlace(transpose ? Matrices.transpose(j) : j, 1e-13);
            if (lu == null) {
                out[s] = new double[n];
                java.util.Arrays.fill(out[s], Double.NaN);
            } else {
                out[s] = lu.solve(rhs[s]);
            }
        }
        return rhs.length == 0 ? Nd4j.create(DataType.DOUBLE, 0, n) : Nd4j.createFromArray(out);
    }
}
