package io.github.invertible.inversion.linalg;

import io.github.invertible.inversion.LoopWorkspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.UnaryOperator;

/**
 * Matrix-free Krylov solvers for a batch of independent systems A_i x_i = b_i that share one
 * batched mat-vec (so all samples go through one convolution call). Vectors are [N,D] (one row
 * per sample); per-sample scalars and relative tolerances live in Java arrays; converged samples are
 * frozen.
 */
public final class BatchedKrylov {

    /**
     * Outcome of one batched solve; {@code relativeResidual} is the recursively updated residual norm
     * over ‖b‖ (no extra mat-vec is spent on the true residual: callers certify the final result anyway).
     */
    public record Result(INDArray x, double[] relativeResidual, int iterations, boolean[] breakdown) {
    }

    private BatchedKrylov() {
    }

    /** Per-row dot products, one reduction op (no elementwise temporary). */
    private static double[] rowDots(INDArray a, INDArray b) {
        return Nd4j.getExecutioner().exec(new Dot(a, b, 1)).toDoubleVector();
    }

    private static double[] rowNorms(INDArray a) {
        return a.norm2(1).toDoubleVector();
    }

    /** Per-sample scalars as an [N,1] column in the working precision (FLOAT or DOUBLE). */
    private static INDArray column(double[] v, DataType type) {
        if (type == DataType.FLOAT) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            return Nd4j.createFromArray(f).reshape(v.length, 1);
        }
        return Nd4j.createFromArray(v).reshape(v.length, 1).castTo(type);
    }

    /** Conjugate gradients; valid when every A_i is symmetric positive definite. {@code x0} null = zero. */
    public static Result cg(UnaryOperator<INDArray> op, INDArray b, INDArray x0, double[] tol, int maxIter) {
        int n = (int) b.size(0);
        DataType type = b.dataType();
        // x0 == null: start at zero without spending a mat-vec on it
        INDArray x = x0 == null ? Nd4j.zerosLike(b) : x0.dup();
        INDArray r = x0 == null ? b.dup() : b.sub(op.apply(x));
        INDArray p = r.dup();
        double[] bn = rowNorms(b);
        double[] rr = rowDots(r, r);
        boolean[] done = new boolean[n];
        boolean[] breakdown = new boolean[n];
        int it = 0;
        while (it < maxIter && !allDone(done, rr, bn, tol)) {
            // the iteration's temporaries (mat-vec, products) live in a reused workspace; x, r, p are updated in place
            try (MemoryWorkspace ws = LoopWorkspace.open("batched-krylov-iteration")) {
                INDArray ap = op.apply(p);
                double[] pap = rowDots(p, ap);
                double[] alpha = new double[n];
                for (int i = 0; i < n; i++) {
                    if (!done[i]) {
                        if (!(pap[i] > 0)) {
                            breakdown[i] = true; // not SPD (or exhausted): stop this sample
                            done[i] = true;
                        } else {
                            alpha[i] = rr[i] / pap[i];
                        }
                    }
                }
                INDArray a = column(alpha, type);
                x.addi(p.mulColumnVector(a));
                r.subi(ap.mulColumnVector(a));
                double[] rrNew = rowDots(r, r);
                double[] beta = new double[n];
                for (int i = 0; i < n; i++) {
                    beta[i] = done[i] || rr[i] == 0 ? 0 : rrNew[i] / rr[i];
                }
                p.muliColumnVector(column(beta, type)).addi(r);
                rr = rrNew;
            }
            it++;
        }
        return finish(x, rr, bn, it, breakdown);
    }

    /** BiCGSTAB (van der Vorst) for general non-singular A_i. {@code x0} null = zero. */
    public static Result bicgstab(UnaryOperator<INDArray> op, INDArray b, INDArray x0, double[] tol, int maxIter) {
        int n = (int) b.size(0);
        DataType type = b.dataType();
        // x0 == null: start at zero without spending a mat-vec on it
        INDArray x = x0 == null ? Nd4j.zerosLike(b) : x0.dup();
        INDArray r = x0 == null ? b.dup() : b.sub(op.apply(x));
        INDArray rHat = r.dup();
        INDArray p = Nd4j.zerosLike(r);
        INDArray v = Nd4j.zerosLike(r);
        double[] bn = rowNorms(b);
        double[] rho = filled(n, 1);
        double[] alpha = filled(n, 1);
        double[] omega = filled(n, 1);
        boolean[] done = new boolean[n];
        boolean[] breakdown = new boolean[n];
        double[] rr = rowDots(r, r);
        int it = 0;
        while (it < maxIter && !allDone(done, rr, bn, tol)) {
            // as in cg: the iteration's temporaries (s, t, mat-vecs, products) live in a reused workspace and the
            // state x, r, p, v is updated in place. Allocating p, v, r afresh each iteration inside the caller's
            // loop workspace kept every iteration's arrays until the caller's step ended: 300 iterations of a
            // non-symmetric unit (lipschitz, none) grew the resident set by gigabytes (DESIGN §5.3)
            try (MemoryWorkspace ws = LoopWorkspace.open("batched-krylov-iteration")) {
                double[] rhoNew = rowDots(rHat, r);
                double[] beta = new double[n];
                for (int i = 0; i < n; i++) {
                    if (!done[i]) {
                        if (rhoNew[i] == 0 || omega[i] == 0) {
                            breakdown[i] = true;
                            done[i] = true;
                        } else {
                            beta[i] = (rhoNew[i] / rho[i]) * (alpha[i] / omega[i]);
                        }
                    }
                }
                // p = r + β (p − ω v)
                p.subi(v.mulColumnVector(column(omega, type))).muliColumnVector(column(beta, type)).addi(r);
                v.assign(op.apply(p));
                double[] rv = rowDots(rHat, v);
                for (int i = 0; i < n; i++) {
                    if (!done[i] && rv[i] == 0) {
                        breakdown[i] = true;
                        done[i] = true;
                    }
                    alpha[i] = done[i] ? 0 : rhoNew[i] / rv[i];
                }
                INDArray s = r.sub(v.mulColumnVector(column(alpha, type)));
                INDArray t = op.apply(s);
                double[] ts = rowDots(t, s);
                double[] tt = rowDots(t, t);
                for (int i = 0; i < n; i++) {
                    omega[i] = done[i] || tt[i] == 0 ? 0 : ts[i] / tt[i];
                }
                x.addi(p.mulColumnVector(column(alpha, type))).addi(s.mulColumnVector(column(omega, type)));
                INDArray rNew = s.subi(t.mulColumnVector(column(omega, type)));
                // frozen samples keep their residual so the convergence test stays meaningful
                INDArray keep = column(doneMask(done), type);
                r.muliColumnVector(keep).addi(rNew.muliColumnVector(keep.rsub(1)));
                for (int i = 0; i < n; i++) {
                    if (!done[i] && omega[i] == 0) {
                        breakdown[i] = true; // stagnation (t ⟂ s): keep x + α p, stop this sample
                        done[i] = true;
                    }
                }
                rho = rhoNew;
                rr = rowDots(r, r);
            }
            it++;
        }
        return finish(x, rr, bn, it, breakdown);
    }

    private static Result finish(INDArray x, double[] rr, double[] bn, int it, boolean[] breakdown) {
        double[] res = new double[rr.length];
        for (int i = 0; i < res.length; i++) {
            res[i] = bn[i] > 0 ? Math.sqrt(rr[i]) / bn[i] : Math.sqrt(rr[i]);
        }
        return new Result(x, res, it, breakdown);
    }

    /** Same relative tolerance for every sample. */
    public static double[] uniform(int n, double tol) {
        return filled(n, tol);
    }

    private static boolean allDone(boolean[] done, double[] rr, double[] bn, double[] tol) {
        boolean all = true;
        for (int i = 0; i < done.length; i++) {
            if (!done[i] && Math.sqrt(rr[i]) <= tol[i] * Math.max(bn[i], Double.MIN_NORMAL)) {
                done[i] = true;
            }
            all &= done[i];
        }
        return all;
    }

    private static double[] doneMask(boolean[] done) {
        double[] m = new double[done.length];
        for (int i = 0; i < done.length; i++) {
            m[i] = done[i] ? 1 : 0;
        }
        return m;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
