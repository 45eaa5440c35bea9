package io.github.invertible.inversion;

import io.github.invertible.inversion.linalg.DenseLu;
import io.github.invertible.inversion.linalg.Matrices;
import io.github.invertible.inversion.piece.DenseResidualMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Anderson acceleration (type II, memory m = 5) of the existing fixed point G(x) = y − g(x), the standard
 * accelerator of deep-equilibrium models (DESIGN §4.6). With the residual f_k = G(x_k) − x_k = y − F(x_k), the
 * differences ΔF_j = f_{j+1} − f_j and ΔG_j = Δx_j + ΔF_j of the last m steps, the step is
 * s = f_k − ΔG γ with γ = argmin ‖f_k − ΔF γ‖ (normal equations, Tikhonov-regularised); full steps, no policy.
 * It accelerates a contraction; where the plain fixed point diverges (Lip(g) ≥ 1) it may fail as well, and then
 * says so in its status. The small m×m least-squares systems use {@link DenseLu}.
 */
final class AndersonMethod implements InverseStrategy {
    /** Memory: the number of past steps mixed into the next one. */
    static final int MEMORY = 5;
    /** Tikhonov term of the normal equations, relative to the Gram matrix's mean diagonal. */
    private static final double REGULARISATION = 1e-10;

    @Override
    public ConvDirection startConv(int samples) {
        return new ConvMemory(samples);
    }

    @Override
    public StepPolicy policy() {
        return StepPolicy.FULL_STEP;
    }

    /** γ per row from the Gram matrices gram[row][p][q] and right-hand sides rhs[row][p]; zero if singular. */
    private static double[] mix(double[][] gram, double[] rhs) {
        int k = rhs.length;
        double tr = 0;
        for (int p = 0; p < k; p++) {
            tr += gram[p][p];
        }
        if (!(tr > 0) || !Double.isFinite(tr)) {
            return new double[k];
        }
        for (int p = 0; p < k; p++) {
            gram[p][p] += REGULARISATION * tr / k;
        }
        DenseLu lu = DenseLu.factorInPlace(gram, 1e-14);
        return lu == null ? new double[k] : lu.solve(rhs);
    }

    /** One batch's memory, rows indexed by sample id; every working sample steps together, so depths agree. */
    private static final class ConvMemory implements ConvDirection {
        private final int n;
        private final INDArray[] dF = new INDArray[MEMORY];
        private final INDArray[] dG = new INDArray[MEMORY];
        private INDArray lastR;
        private INDArray lastS;
        private int steps;

        ConvMemory(int n) {
            this.n = n;
        }

        private INDArray store(DataType t, long d) {
            return LoopWorkspace.outside(() -> Nd4j.zeros(t, n, d));
        }

        @Override
        public INDArray direction(ConvContext c, INDArray r, INDArray pre, double[] tol) {
            int[] ids = c.samples();
            int m = ids.length;
            INDArray f = BatchRows.flat(r);
            long d = f.size(1);
            if (lastR == null) {
                lastR = store(r.dataType(), d);
                lastS = store(r.dataType(), d);
            }
            if (steps > 0) {
                int slot = (steps - 1) % MEMORY;
                if (dF[slot] == null) {
                    dF[slot] = store(r.dataType(), d);
                    dG[slot] = store(r.dataType(), d);
                }
                INDArray df = f.sub(Nd4j.pullRows(lastR, 1, ids));
                BatchRows.putRows(dF[slot], ids, df);
                BatchRows.putRows(dG[slot], ids, df.addi(Nd4j.pullRows(lastS, 1, ids)));
            }
            int k = Math.min(steps, MEMORY);
            INDArray s = f.dup();
            if (k > 0) {
                // per row i the Gram matrix ΔF_i ΔF_iᵀ and ΔF_i f_i, as two batched products over [m, k, d] (one
                // copy of the history instead of a full-size temporary per pair)
                INDArray[] fs = new INDArray[k];
                for (int p = 0; p < k; p++) {
                    fs[p] = Nd4j.pullRows(dF[p], 1, ids).castTo(DataType.DOUBLE);
                }
                INDArray hist = Nd4j.stack(1, fs);                                  // [m, k, d]
                INDArray histT = hist.permute(0, 2, 1);                             // [m, d, k]
                INDArray g3 = Nd4j.matmul(hist, histT);                             // [m, k, k]
                INDArray b3 = Nd4j.matmul(hist, f.castTo(DataType.DOUBLE).reshape(m, d, 1)); // [m, k, 1]
                double[] gv = g3.reshape(-1).toDoubleVector();
                double[] bv = b3.reshape(-1).toDoubleVector();
                double[][][] gram = new double[m][k][k];
                double[][] rhs = new double[m][k];
                for (int i = 0; i < m; i++) {
                    for (int p = 0; p < k; p++) {
                        rhs[i][p] = bv[i * k + p];
                        for (int q = 0; q < k; q++) {
                            gram[i][p][q] = gv[(i * k + p) * k + q];
                        }
                    }
                }
                double[][] gamma = new double[k][m];
                for (int i = 0; i < m; i++) {
                    double[] gi = mix(gram[i], rhs[i]);
                    for (int p = 0; p < k; p++) {
                        gamma[p][i] = gi[p];
                    }
                }
                for (int p = 0; p < k; p++) {
                    INDArray col = Nd4j.createFromArray(gamma[p]).castTo(s.dataType()).reshape(m, 1);
                    s.subi(Nd4j.pullRows(dG[p], 1, ids).mulColumnVector(col));
                }
            }
            BatchRows.putRows(lastR, ids, f);
            BatchRows.putRows(lastS, ids, s);
            steps++;
            return s.reshape(r.shape());
        }

        @Override
        public void release() {
            BatchRows.close(dF);
            BatchRows.close(dG);
            BatchRows.close(lastR, lastS);
        }
    }

    @Override
    public SampleInversion dense(DenseResidualInverter inverter, double[] y, InverseOptions o) {
        DenseResidualMap unit = inverter.unit();
        int len = y.length;
        double ny = Matrices.norm(y);
        double den = ny > 0 ? ny : 1;
        double[] x = y.clone();
        double[] f = residual(unit, x, y);
        Deque<double[][]> history = new ArrayDeque<>(); // {ΔF, ΔG}, newest first
        int it = 0;
        InverseStatus failure = InverseStatus.BUDGET_EXHAUSTED;
        while (it < o.maxIterations() && Matrices.norm(f) / den >= o.targetResidual()) {
            int k = history.size();
            double[] s = f.clone();
            if (k > 0) {
                double[][][] h = history.toArray(new double[0][][]);
                double[][] gram = new double[k][k];
                double[] rhs = new double[k];
                for (int p = 0; p < k; p++) {
                    rhs[p] = dot(h[p][0], f);
                    for (int q = 0; q < k; q++) {
                        gram[p][q] = dot(h[p][0], h[q][0]);
                    }
                }
                double[] gamma = mix(gram, rhs);
                for (int p = 0; p < k; p++) {
                    for (int j = 0; j < len; j++) {
                        s[j] -= gamma[p] * h[p][1][j];
                    }
                }
            }
            for (int j = 0; j < len; j++) {
                x[j] += s[j];
            }
            it++;
            if (!Matrices.allFinite(x) || Matrices.norm(x) > o.divergenceThreshold() * Math.max(ny, 1)) {
                failure = InverseStatus.DIVERGED;
                break;
            }
            double[] next = residual(unit, x, y);
            double[] df = new double[len];
            double[] dg = new double[len];
            for (int j = 0; j < len; j++) {
                df[j] = next[j] - f[j];
                dg[j] = s[j] + df[j];
            }
            history.addFirst(new double[][]{df, dg});
            if (history.size() > MEMORY) {
                history.removeLast();
            }
            f = next;
        }
        double res = inverter.relativeResidual(x, y);
        return new SampleInversion(x, res < o.tolerance() ? InverseStatus.RECOVERED : failure, it, res, false);
    }

    private static double[] residual(DenseResidualMap unit, double[] x, double[] y) {
        double[] fx = unit.forward(x);
        double[] r = new double[y.length];
        for (int j = 0; j < r.length; j++) {
            r[j] = y[j] - fx[j];
        }
        return r;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }
}
