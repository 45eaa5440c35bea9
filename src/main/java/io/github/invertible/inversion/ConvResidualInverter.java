package io.github.invertible.inversion;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Batched inverses of a {@link ConvResidualUnit} (DESIGN §2.2), matrix-free: every linear solve is a
 * batched Krylov method (CG when the unit is tied, W2 = α·adjoint(W1), else BiCGSTAB) whose mat-vec is
 * two convolutions with the per-sample activation mask in between, warm-started at the current iterate.
 * Samples that finish leave the working batch, so late iterations are cheap. Every result is certified
 * by re-applying the forward map.
 */
public final class ConvResidualInverter {

    /** Damping factor applied (again) each time a sample's pattern iteration revisits a pattern. */
    private static final double DAMPING = 0.5;
    private static final double MIN_DAMPING = 1.0 / 64;
    /** Krylov tolerance of the Newton steps taken while the activation pattern still changes. */
    private static final double LOOSE_KRYLOV_TOLERANCE = 1e-6;

    private final ConvResidualUnit unit;
    private final boolean symmetric;
    private long matVecs;

    /** Detects tied weights (then CG) automatically. */
    public ConvResidualInverter(ConvResidualUnit unit) {
        this(unit, !Double.isNaN(unit.tiedScale()));
    }

    /** @param symmetricPositiveDefinite use CG (only valid for tied units, W2 = α·adjoint(W1), α &gt; 0) */
    public ConvResidualInverter(ConvResidualUnit unit, boolean symmetricPositiveDefinite) {
        this.unit = unit;
        this.symmetric = symmetricPositiveDefinite;
    }

    public boolean usesConjugateGradients() {
        return symmetric;
    }

    /** Batched operator applications (each is two convolutions) since construction. */
    public long matVecCount() {
        return matVecs;
    }

    /** Inverts y [N,C,H,W]. Throws IllegalArgumentException on NaN/∞ or a wrong shape. */
    public BatchInversion invert(INDArray y, InverseMethod method, InverseOptions o) {
        if (y.rank() != 4 || y.size(1) != unit.channels()) {
            throw new IllegalArgumentException("expected y of shape [N," + unit.channels() + ",H,W], got "
                    + Arrays.toString(y.shape()));
        }
        Matrices.requireFinite(y, "y");
        INDArray yd = y.castTo(DataType.DOUBLE).dup('c');
        int n = (int) yd.size(0);
        State st = new State(yd, n);
        switch (method) {
            case EXISTING -> existing(st, o);
            case PROPOSED -> proposed(st, o);
            case PROPOSED_SPLIT -> split(st, o);
            default -> throw new IllegalStateException();
        }
        return certify(st, o);
    }

    /** Per-sample ‖F(x) − y‖ / ‖y‖ for batches [N,C,H,W]. */
    public double[] relativeResiduals(INDArray x, INDArray y) {
        double[] r = flat(unit.forward(x).subi(y)).norm2(1).toDoubleVector();
        double[] ny = flat(y).norm2(1).toDoubleVector();
        for (int i = 0; i < r.length; i++) {
            r[i] = Double.isFinite(r[i]) ? r[i] / (ny[i] > 0 ? ny[i] : 1) : Double.POSITIVE_INFINITY;
        }
        return r;
    }

    // ---- bookkeeping shared by the methods

    private static final class State {
        final INDArray y;
        final INDArray x;
        final InverseStatus[] failure;
        final int[] iterations;
        final boolean[] cycle;
        final double[] yNorm;

        State(INDArray y, int n) {
            this.y = y;
            this.x = y.dup();
            this.failure = new InverseStatus[n];
            Arrays.fill(failure, InverseStatus.BUDGET_EXHAUSTED);
            this.iterations = new int[n];
            this.cycle = new boolean[n];
            double[] ny = flat(y).norm2(1).toDoubleVector();
            for (int i = 0; i < n; i++) {
                ny[i] = ny[i] > 0 ? ny[i] : 1;
            }
            this.yNorm = ny;
        }
    }

    private BatchInversion certify(State st, InverseOptions o) {
        double[] res = relativeResiduals(st.x, st.y);
        InverseStatus[] status = new InverseStatus[res.length];
        for (int i = 0; i < res.length; i++) {
            status[i] = res[i] < o.tolerance() ? InverseStatus.RECOVERED : st.failure[i];
        }
        return new BatchInversion(st.x, status, st.iterations, res, st.cycle);
    }

    private static INDArray flat(INDArray a) {
        return a.reshape(a.size(0), a.length() / a.size(0));
    }

    private static INDArray rows(INDArray a, int[] idx) {
        return Nd4j.pullRows(flat(a), 1, idx).reshape(idx.length, a.size(1), a.size(2), a.size(3));
    }

    private static void putRows(INDArray target, int[] idx, INDArray src) {
        INDArray t = flat(target);
        INDArray s = flat(src);
        for (int i = 0; i < idx.length; i++) {
            t.putRow(idx[i], s.getRow(i));
        }
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static int[] keep(int[] idx, boolean[] drop) {
        return Arrays.stream(range(idx.length)).filter(i -> !drop[i]).map(i -> idx[i]).toArray();
    }

    private boolean diverged(double xNorm, double yNorm, InverseOptions o) {
        return !Double.isFinite(xNorm) || xNorm > o.divergenceThreshold() * Math.max(yNorm, 1);
    }

    private INDArray solve(UnaryOperator<INDArray> op4d, INDArray rhs, INDArray x0, InverseOptions o) {
        return solve(op4d, rhs, x0, BatchedKrylov.uniform((int) rhs.size(0), o.krylovTolerance()), o);
    }

    private INDArray solve(UnaryOperator<INDArray> op4d, INDArray rhs, INDArray x0, double[] tol, InverseOptions o) {
        long[] shape = rhs.shape();
        UnaryOperator<INDArray> op2d = v -> {
            matVecs++;
            return flat(op4d.apply(v.reshape(shape)));
        };
        BatchedKrylov.Result r = symmetric
                ? BatchedKrylov.cg(op2d, flat(rhs), flat(x0), tol, o.maxKrylovIterations())
                : BatchedKrylov.bicgstab(op2d, flat(rhs), flat(x0), tol, o.maxKrylovIterations());
        return r.x().reshape(shape);
    }

    // ---- existing: x_{t+1} = y − g(x_t); F(x_t) − y = x_t − x_{t+1}

    private void existing(State st, InverseOptions o) {
        int[] act = range(st.iterations.length);
        for (int t = 0; t < o.maxIterations() && act.length > 0; t++) {
            INDArray x = rows(st.x, act);
            INDArray y = rows(st.y, act);
            INDArray next = y.sub(unit.branch(x));
            double[] step = flat(next.sub(x)).norm2(1).toDoubleVector();
            double[] xn = flat(next).norm2(1).toDoubleVector();
            boolean[] drop = new boolean[act.length];
            boolean[] move = new boolean[act.length];
            for (int i = 0; i < act.length; i++) {
                int s = act[i];
                if (step[i] / st.yNorm[s] < o.targetResidual()) {
                    drop[i] = true; // x_t already solves F(x) = y
                } else {
                    move[i] = true;
                    st.iterations[s]++;
                    if (diverged(xn[i], st.yNorm[s], o)) {
                        st.failure[s] = InverseStatus.DIVERGED;
                        drop[i] = true;
                    }
                }
            }
            int[] moved = Arrays.stream(range(act.length)).filter(i -> move[i]).toArray();
            if (moved.length > 0) {
                int[] a = act;
                putRows(st.x, Arrays.stream(moved).map(i -> a[i]).toArray(), rows(next, moved));
            }
            act = keep(act, drop);
        }
    }

    // ---- proposed: Newton on the activation pattern, x_{t+1} = (I + W2 D_t W1)⁻¹ (y − b2 − W2 D_t b1)

    private record Pattern(long[] bits) {
        static Pattern of(double[] mask) {
            long[] b = new long[(mask.length + 63) / 64];
            for (int i = 0; i < mask.length; i++) {
                if (mask[i] > 0) {
                    b[i >> 6] |= 1L << (i & 63);
                }
            }
            return new Pattern(b);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pattern p && Arrays.equals(bits, p.bits);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bits);
        }
    }

    private INDArray mask(INDArray x) {
        return unit.preActivation(x).gt(0).castTo(DataType.DOUBLE);
    }

    private void proposed(State st, InverseOptions o) {
        int n = st.iterations.length;
        List<Set<Pattern>> seen = new ArrayList<>();
        Pattern[] current = new Pattern[n];
        double[] damping = new double[n];
        Arrays.fill(damping, 1);
        INDArray allMasks = mask(st.x);
        double[][] m0 = flat(allMasks).toDoubleMatrix();
        for (int i = 0; i < n; i++) {
            current[i] = Pattern.of(m0[i]);
            Set<Pattern> s = new HashSet<>();
            s.add(current[i]);
            seen.add(s);
        }
        // Inexact Newton: solve loosely while the pattern is still moving; once it repeats, polish the
        // solve for that pattern to the Krylov tolerance and stop if the pattern still repeats.
        boolean[] polish = new boolean[n];
        double loose = Math.max(o.krylovTolerance(), LOOSE_KRYLOV_TOLERANCE);
        int[] act = range(n);
        INDArray masks = allMasks;
        for (int t = 0; t < o.maxIterations() && act.length > 0; t++) {
            INDArray x = rows(st.x, act);
            INDArray y = rows(st.y, act);
            INDArray d = masks;
            long h = y.size(2);
            long w = y.size(3);
            INDArray rhs = y.sub(unit.outputBias(act.length, h, w))
                    .subi(unit.convOut(unit.hiddenBias(act.length, h, w).muli(d)));
            double[] tol = Arrays.stream(act)
                    .mapToDouble(s -> polish[s] || damping[s] < 1 ? o.krylovTolerance() : loose).toArray();
            INDArray newton = solve(v -> unit.applyJacobian(v, d), rhs, x, tol, o);
            // damped samples move only part of the way; undamped ones take the full Newton step
            double[] beta = Arrays.stream(act).mapToDouble(s -> damping[s]).toArray();
            INDArray stepVec = newton.sub(x);
            INDArray next = x.add(flat(stepVec).mulColumnVector(Nd4j.createFromArray(beta).reshape(act.length, 1))
                    .reshape(x.shape()));
            double[] stepNorm = flat(stepVec).norm2(1).toDoubleVector();
            double[] xn = flat(next).norm2(1).toDoubleVector();
            INDArray nextMasks = mask(next);
            double[][] nm = flat(nextMasks).toDoubleMatrix();
            boolean[] drop = new boolean[act.length];
            for (int i = 0; i < act.length; i++) {
                int s = act[i];
                st.iterations[s]++;
                Pattern p = Pattern.of(nm[i]);
                if (damping[s] == 1 && p.equals(current[s]) && polish[s]) {
                    drop[i] = true; // pattern repeats: next solves F(x) = y on this region (to Krylov accuracy)
                } else if (damping[s] == 1 && p.equals(current[s])) {
                    polish[s] = true; // right region found with a loose solve: tighten it next round
                } else if (damping[s] < 1 && stepNorm[i] / st.yNorm[s] < o.targetResidual()) {
                    drop[i] = true; // damped: a tiny Newton step means a tiny residual
                } else if (diverged(xn[i], st.yNorm[s], o)) {
                    st.failure[s] = InverseStatus.DIVERGED;
                    drop[i] = true;
                } else if (seen.get(s).contains(p) && !p.equals(current[s])) {
                    st.cycle[s] = true; // revisited an older pattern: damp (more)
                    st.failure[s] = InverseStatus.CYCLED;
                    damping[s] = Math.max(damping[s] * DAMPING, MIN_DAMPING);
                }
                seen.get(s).add(p);
                current[s] = p;
            }
            putRows(st.x, act, next);
            boolean[] stay = new boolean[act.length];
            for (int i = 0; i < act.length; i++) {
                stay[i] = !drop[i];
            }
            int[] keepLocal = Arrays.stream(range(act.length)).filter(i -> stay[i]).toArray();
            act = keep(act, drop);
            if (act.length > 0) {
                masks = keepLocal.length == nm.length ? nextMasks : rows(nextMasks, keepLocal);
            }
        }
    }

    // ---- split: (I + ½W2W1) x_{t+1} = y − b2 − ½W2b1 − ½W2|W1 x_t + b1|

    private void split(State st, InverseOptions o) {
        int[] act = range(st.iterations.length);
        long h = st.y.size(2);
        long w = st.y.size(3);
        INDArray halfW2b1 = unit.convOut(unit.hiddenBias(1, h, w)).muli(0.5);
        UnaryOperator<INDArray> op = v -> unit.applyLinearised(v, 0.5);
        for (int t = 0; t < o.maxIterations() && act.length > 0; t++) {
            INDArray x = rows(st.x, act);
            INDArray y = rows(st.y, act);
            INDArray abs = Transforms.abs(unit.preActivation(x), false);
            INDArray rhs = y.sub(unit.outputBias(act.length, h, w))
                    .subi(halfW2b1.broadcast(act.length, unit.channels(), h, w))
                    .subi(unit.convOut(abs).muli(0.5));
            INDArray next = solve(op, rhs, x, o);
            double[] step = flat(next.sub(x)).norm2(1).toDoubleVector();
            double[] xn = flat(next).norm2(1).toDoubleVector();
            putRows(st.x, act, next);
            boolean[] drop = new boolean[act.length];
            for (int i = 0; i < act.length; i++) {
                int s = act[i];
                st.iterations[s]++;
                if (diverged(xn[i], st.yNorm[s], o)) {
                    st.failure[s] = InverseStatus.DIVERGED;
                    drop[i] = true;
                } else if (step[i] / st.yNorm[s] < o.targetResidual()) {
                    drop[i] = true;
                }
            }
            act = keep(act, drop);
        }
    }
}
