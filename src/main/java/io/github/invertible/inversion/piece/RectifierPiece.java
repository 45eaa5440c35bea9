package io.github.invertible.inversion.piece;

import io.github.invertible.inversion.BatchInversion;
import io.github.invertible.inversion.linalg.DenseLu;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.inversion.InverseOptions;
import io.github.invertible.inversion.InverseStatus;
import io.github.invertible.inversion.linalg.Matrices;
import io.github.invertible.inversion.rlt.RltInversion;
import io.github.invertible.inversion.rlt.RltInverter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A rectifier linear transform y = σ(W x + b) (DESIGN §2.1) as a piece on batches [N,n] → [N,m]. At x its
 * Jacobian is J = D W with D the active rows; where W_I (the active rows) has full column rank, J is injective and
 * its pseudo-inverse is J⁺ v = (W_Iᵀ W_I)⁻¹ W_Iᵀ v_I (normal equations; the n×n system is small). The inverse is
 * {@link RltInverter}'s certified least squares: RECOVERED, NOT_IN_RANGE, or SINGULAR for a rank-deficient W_I
 * (a whole affine piece of inputs gives y).
 */
public record RectifierPiece(String name, RectifierLinearTransform transform, RltInverter inverter)
        implements InvertiblePiece {

    @Override
    public INDArray forward(INDArray x) {
        double[][] rows = x.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = transform.forward(rows[i]);
        }
        return Nd4j.createFromArray(out);
    }

    @Override
    public long[] outputShape(long[] in) {
        return new long[]{in[0], transform.outputSize()};
    }

    @Override
    public BatchInversion invert(INDArray y, InverseMethod method, InverseOptions options) {
        double[][] rows = y.castTo(DataType.DOUBLE).toDoubleMatrix();
        int n = rows.length;
        double[][] x = new double[n][];
        InverseStatus[] status = new InverseStatus[n];
        double[] residual = new double[n];
        for (int i = 0; i < n; i++) {
            RltInversion r = inverter.invert(transform, rows[i]);
            x[i] = r.x() == null ? new double[transform.inputSize()] : r.x();
            residual[i] = r.residual();
            status[i] = switch (r.outcome()) {
                case RECOVERED -> InverseStatus.RECOVERED;
                case NOT_UNIQUE -> InverseStatus.SINGULAR;
                case NOT_IN_RANGE -> InverseStatus.NOT_IN_RANGE;
            };
        }
        return new BatchInversion(Nd4j.createFromArray(x), status, new int[n], residual, new boolean[n]);
    }

    @Override
    public Linearisation linearise(INDArray x) {
        double[][] w = transform.weightsView();
        double[] b = transform.biasView();
        double[][] xs = x.castTo(DataType.DOUBLE).toDoubleMatrix();
        int m = w.length;
        int n = w[0].length;
        boolean[][] active = new boolean[xs.length][m];
        DenseLu[] normal = new DenseLu[xs.length];
        for (int s = 0; s < xs.length; s++) {
            double[] z = Matrices.multiply(w, xs[s]);
            double[][] g = new double[n][n];
            for (int i = 0; i < m; i++) {
                active[s][i] = z[i] + b[i] > 0;
                if (active[s][i]) {
                    for (int p = 0; p < n; p++) {
                        for (int q = 0; q < n; q++) {
                            g[p][q] += w[i][p] * w[i][q];
                        }
                    }
                }
            }
            normal[s] = DenseLu.factorInPlace(g, 1e-13);
        }
        return new Linearisation() {
            /** D W v per row. */
            @Override
            public INDArray jvp(INDArray v) {
                double[][] vs = v.castTo(DataType.DOUBLE).toDoubleMatrix();
                double[][] out = new double[vs.length][];
                for (int s = 0; s < vs.length; s++) {
                    out[s] = masked(Matrices.multiply(w, vs[s]), active[s]);
                }
                return Nd4j.createFromArray(out);
            }

            /** Wᵀ D w per row. */
            @Override
            public INDArray vjp(INDArray wv) {
                double[][] ws = wv.castTo(DataType.DOUBLE).toDoubleMatrix();
                double[][] out = new double[ws.length][];
                for (int s = 0; s < ws.length; s++) {
                    out[s] = Matrices.multiply(Matrices.transpose(w), masked(ws[s].clone(), active[s]));
                }
                return Nd4j.createFromArray(out);
            }

            /** (W_Iᵀ W_I)⁻¹ W_Iᵀ v_I. */
            @Override
            public INDArray inverseJvp(INDArray v) {
                INDArray wtv = vjp(v);
                double[][] r = wtv.toDoubleMatrix();
                double[][] out = new double[r.length][];
                for (int s = 0; s < r.length; s++) {
                    out[s] = solve(s, r[s]);
                }
                return Nd4j.createFromArray(out);
            }

            /** The transpose of the pseudo-inverse: D W (W_Iᵀ W_I)⁻¹ u. */
            @Override
            public INDArray inverseVjp(INDArray u) {
                double[][] us = u.castTo(DataType.DOUBLE).toDoubleMatrix();
                double[][] z = new double[us.length][];
                for (int s = 0; s < us.length; s++) {
                    z[s] = solve(s, us[s]);
                }
                return jvp(Nd4j.createFromArray(z));
            }

            private double[] solve(int s, double[] r) {
                if (normal[s] == null) {
                    double[] nan = new double[n];
                    java.util.Arrays.fill(nan, Double.NaN);
                    return nan;
                }
                return normal[s].solve(r);
            }
        };
    }

    private static double[] masked(double[] v, boolean[] active) {
        for (int i = 0; i < v.length; i++) {
            if (!active[i]) {
                v[i] = 0;
            }
        }
        return v;
    }
}
