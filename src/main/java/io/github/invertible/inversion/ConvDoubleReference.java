package io.github.invertible.inversion;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.function.UnaryOperator;

import static io.github.invertible.inversion.BatchRows.flat;
import static io.github.invertible.inversion.BatchRows.keep;
import static io.github.invertible.inversion.BatchRows.putRows;
import static io.github.invertible.inversion.BatchRows.range;
import static io.github.invertible.inversion.BatchRows.rows;

/**
 * The all-double iterations of the three methods on a convolutional unit (DESIGN §5.4): the reference the
 * mixed-precision driver is tested and benchmarked against. Every linear solve runs to the Krylov tolerance in
 * double; samples stop on their double step or Newton-pattern criterion and are certified by the caller.
 */
public final class ConvDoubleReference {
    private final ConvResidualInverter inv;
    private final ConvResidualUnit unit;
    private final ActivationPatterns patterns = new ActivationPatterns();

    ConvDoubleReference(ConvResidualInverter inv, ConvResidualUnit unit) {
        this.inv = inv;
        this.unit = unit;
    }

    // ---- existing: x_{t+1} = y − g(x_t); F(x_t) − y = x_t − x_{t+1}

    void existing(ConvInversionState st, InverseOptions o) {
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
                    if (ConvInversionState.diverged(xn[i], st.yNorm[s], o)) {
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

    private INDArray mask(INDArray x) {
        return unit.preActivation(x).gt(0).castTo(DataType.DOUBLE);
    }

    void proposed(ConvInversionState st, InverseOptions o) {
        int n = st.iterations.length;
        INDArray allMasks = mask(st.x);
        ActivationPatterns.Cycles cycles = new ActivationPatterns.Cycles(patterns.of(allMasks, false));
        double[] damping = cycles.damping;
        ActivationPatterns.Pattern[] current = cycles.current;
        // Inexact Newton: solve loosely while the pattern is still moving; once it repeats, polish the
        // solve for that pattern to the Krylov tolerance and stop if the pattern still repeats.
        boolean[] polish = new boolean[n];
        double loose = Math.max(o.krylovTolerance(), ConvResidualInverter.LOOSE_KRYLOV_TOLERANCE);
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
            BatchedKrylov.Result solved = inv.solveWithResiduals(v -> unit.applyJacobian(v, d), rhs, x, tol, o);
            INDArray newton = solved.x();
            // damped samples move only part of the way; undamped ones take the full Newton step
            double[] beta = Arrays.stream(act).mapToDouble(s -> damping[s]).toArray();
            INDArray stepVec = newton.sub(x);
            INDArray next = x.add(flat(stepVec).mulColumnVector(Nd4j.createFromArray(beta).reshape(act.length, 1))
                    .reshape(x.shape()));
            double[] stepNorm = flat(stepVec).norm2(1).toDoubleVector();
            double[] xn = flat(next).norm2(1).toDoubleVector();
            INDArray nextMasks = mask(next);
            ActivationPatterns.Pattern[] nm = patterns.of(nextMasks, false);
            boolean[] drop = new boolean[act.length];
            for (int i = 0; i < act.length; i++) {
                int s = act[i];
                st.iterations[s]++;
                ActivationPatterns.Pattern p = nm[i];
                // a repeated pattern proves nothing when the system of that region went unsolved (DESIGN §5.5)
                boolean singular = st.recordSolve(s, solved.relativeResidual()[i]);
                boolean systemSolved = st.unsolved[s] == 0;
                boolean repeats = systemSolved && damping[s] == 1 && p.equals(current[s]);
                if (singular) {
                    drop[i] = true;
                } else if (repeats && polish[s]) {
                    drop[i] = true; // pattern repeats: next solves F(x) = y on this region (to Krylov accuracy)
                } else if (repeats) {
                    polish[s] = true; // right region found with a loose solve: tighten it next round
                } else if (systemSolved && damping[s] < 1 && stepNorm[i] / st.yNorm[s] < o.targetResidual()) {
                    drop[i] = true; // damped: a tiny Newton step means a tiny residual
                } else if (ConvInversionState.diverged(xn[i], st.yNorm[s], o)) {
                    st.failure[s] = InverseStatus.DIVERGED;
                    drop[i] = true;
                } else if (cycles.revisits(s, p)) {
                    st.cycle[s] = true; // revisited an older pattern: damp (more)
                    st.failure[s] = InverseStatus.CYCLED;
                    cycles.damp(s);
                }
                cycles.move(s, p);
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

    void split(ConvInversionState st, InverseOptions o) {
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
            BatchedKrylov.Result solved = inv.solveWithResiduals(op, rhs, x,
                    BatchedKrylov.uniform(act.length, o.krylovTolerance()), o);
            INDArray next = solved.x();
            double[] step = flat(next.sub(x)).norm2(1).toDoubleVector();
            double[] xn = flat(next).norm2(1).toDoubleVector();
            putRows(st.x, act, next);
            boolean[] drop = new boolean[act.length];
            for (int i = 0; i < act.length; i++) {
                int s = act[i];
                st.iterations[s]++;
                if (ConvInversionState.diverged(xn[i], st.yNorm[s], o)) {
                    st.failure[s] = InverseStatus.DIVERGED;
                    drop[i] = true;
                } else if (st.recordSolve(s, solved.relativeResidual()[i])) {
                    drop[i] = true; // SINGULAR
                } else if (step[i] / st.yNorm[s] < o.targetResidual()) {
                    drop[i] = true;
                }
            }
            act = keep(act, drop);
        }
    }
}
