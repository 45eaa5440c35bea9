package io.github.invertible.inversion;

import io.github.invertible.inversion.linalg.BatchedKrylov;
import io.github.invertible.inversion.piece.ConvResidualMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static io.github.invertible.inversion.BatchRows.*;

/**
 * The one driver of every inverse method on a convolutional unit (DESIGN §5): x ← x + β s, with the method
 * ({@link InverseStrategy}) supplying the direction s and its {@link StepPolicy} the step β. The driver is a shell
 * for precision: in {@link Precision#MIXED} (DESIGN §5.1) the base point and its residual are double and the
 * correction, the solves and the residual estimate float, with the certificate from the double base (DESIGN §5.2);
 * {@link Precision#DOUBLE} runs the same loop with every array in double (the reference). Loop workspaces and row
 * scatter: DESIGN §5.3.
 */
final class ConvDriver implements InverseStrategy.ConvContext {

    /** The working precision of the correction, the solves and the residual estimate. */
    enum Precision {
        /** Float iterations refined from double base points. */
        MIXED(DataType.FLOAT, FLOAT_KRYLOV_TOLERANCE),
        /** Every array in double: the reference the mixed path is tested and benchmarked against. */
        DOUBLE(DataType.DOUBLE, 0);

        final DataType type;
        /** Floor of the Krylov tolerance in this precision. */
        final double krylovFloor;

        Precision(DataType type, double krylovFloor) {
            this.type = type;
            this.krylovFloor = krylovFloor;
        }
    }

    /** Relative tolerance of the float Krylov solves of the mixed-precision path (float can reach ~1e-6). */
    private static final double FLOAT_KRYLOV_TOLERANCE = 1e-5;
    /** Mixed precision: recompute the residual in double once the float estimate fell by this factor. */
    private static final double REBASE_FACTOR = 1e-5;
    /** ... or once it stalls (a step cut it by less than half) after falling by this factor. */
    private static final double REBASE_STALL_FACTOR = 1e-3;
    /** ... or after this many float steps since the last double residual, if it decreased at all. */
    private static final int REBASE_EVERY = 25;
    /** Mixed precision: stop when a double residual (below tolerance) fell by less than this factor. */
    private static final double STALL_FACTOR = 0.5;
    /** Loosest relative tolerance of a float Krylov solve (inexact Newton forcing term cap); a solve that ends
     *  above it leaves its system unsolved (DESIGN §5.5). */
    private static final double MAX_FORCING = ConvInversionState.UNSOLVED_RESIDUAL;

    private final ConvResidualInverter inv;
    private final ConvResidualMap unit;
    private final Precision precision;
    private final DataType dt;
    private InverseOptions options;
    private int[] samples;
    /** Relative residuals at which the solves of the current step ended, per working row (null: no solve). */
    private double[] lastSolveResidual;

    ConvDriver(ConvResidualInverter inv, ConvResidualMap unit, Precision precision) {
        this.inv = inv;
        this.unit = unit;
        this.precision = precision;
        this.dt = precision.type;
    }

    @Override
    public int[] samples() {
        return samples;
    }

    @Override
    public ConvResidualMap unit() {
        return unit;
    }

    @Override
    public INDArray solve(UnaryOperator<INDArray> op, INDArray rhs, double[] tol) {
        BatchedKrylov.Result r = inv.solveWithResiduals(op, rhs, null, tol, options);
        lastSolveResidual = r.relativeResidual();
        return r.x();
    }

    // ---- mixed precision: all three methods as x_{t+1} = x_t + β P_t⁻¹ (y − F(x_t)), with
    //   EXISTING P = I, PROPOSED P = I + W2 D(x_t) W1 (Newton), PROPOSED_SPLIT P = I + ½W2W1.
    // x_t = x_b + δ: the base point x_b and its residual r_b = y − F(x_b) are double (one double forward
    // pass); the correction δ, the solves with P and the residual of x_b + δ are float. The residual
    //   y − F(x_b + δ) = r_b − δ − W2 [σ(p_b + W1δ) − σ(p_b)],   p_b = W1 x_b + b1,
    // uses σ(p + u) − σ(p) = max(u, −p) + min(p, 0), whose float rounding error is relative to |u|, not |p|:
    // the float residual is accurate relative to ‖r_b‖, so it can be driven ~4 orders below ‖r_b‖ before the
    // base is moved (x_b += δ, r_b recomputed in double). Samples stop only on a double residual.

    /** Working set of the mixed-precision iteration; row i belongs to sample ids[i]. */
    private final class Work {
        int[] ids;
        INDArray y;       // double
        INDArray xb;      // double base points
        INDArray rb;      // float copy of y − F(x_b)
        INDArray negPre;  // float −p_b
        INDArray minPre;  // float min(p_b, 0)
        INDArray delta;   // float correction
        INDArray r;       // float estimate of y − F(x_b + δ)
        INDArray pre;     // float p_b + W1 δ (pre-activation at x_b + δ)
        double[] res;     // ‖r‖/‖y‖ (exact after a rebase)
        double[] resBase; // ‖r_b‖/‖y‖
        double[] lastExact;
        double[] prev;    // ‖r‖/‖y‖ before the last step
        boolean[] exact;
        /** r_b was evaluated in double (a rebase happened): the float residual is then a certificate (see mixed). */
        boolean[] anchored;
        int[] sinceRebase;

        Work(INDArray y, double[] yNormOf) {
            int n = (int) y.size(0);
            this.yNormOf = yNormOf;
            this.ids = range(n);
            this.y = y;
            this.xb = y.dup();
            this.delta = Nd4j.zeros(dt, y.shape());
            this.res = new double[n];
            this.resBase = new double[n];
            this.lastExact = new double[n];
            Arrays.fill(lastExact, Double.POSITIVE_INFINITY);
            this.prev = new double[n];
            Arrays.fill(prev, Double.POSITIVE_INFINITY);
            this.exact = new boolean[n];
            this.anchored = new boolean[n];
            this.sinceRebase = new int[n];
            // the first base is float: its residual is only good to ~1e-7‖y‖, enough to start from
            Base b = base(xb, y, false);
            this.rb = b.r();
            this.negPre = b.negPre();
            this.minPre = b.minPre();
            this.pre = b.pre();
            this.r = rb.dup();
            for (int i = 0; i < n; i++) {
                res[i] = b.norms()[i] / yNorm(i);
                resBase[i] = res[i];
                exact[i] = false;
            }
        }

        double yNorm(int local) {
            return yNormOf[ids[local]];
        }

        final double[] yNormOf;

        /** Moves the base of the given local rows to x_b + δ and recomputes their residual in double. */
        void rebase(int[] local) {
            if (local.length == 0) {
                return;
            }
            boolean all = local.length == ids.length;
            INDArray xs = all ? xb : rows(xb, local);
            INDArray ds = all ? delta : rows(delta, local);
            xs.addi(ds.castTo(DataType.DOUBLE));
            INDArray ys = all ? y : rows(y, local);
            Base b = base(xs, ys, true);
            double[] nr = b.norms();
            if (all) {
                rb = b.r();
                negPre = b.negPre();
                minPre = b.minPre();
                pre = b.pre();
                r = rb.dup();
                delta.assign(0);
            } else {
                putRows(xb, local, xs);
                putRows(rb, local, b.r());
                putRows(negPre, local, b.negPre());
                putRows(minPre, local, b.minPre());
                putRows(pre, local, b.pre());
                putRows(r, local, b.r());
                putRows(delta, local, Nd4j.zeros(dt, ds.shape()));
            }
            for (int k = 0; k < local.length; k++) {
                int i = local[k];
                res[i] = nr[k] / yNorm(i);
                resBase[i] = res[i];
                exact[i] = true;
                anchored[i] = true;
                sinceRebase[i] = 0;
            }
        }

        /** Keeps only the given local rows. */
        void keep(int[] local) {
            if (local.length == ids.length) {
                return;
            }
            if (local.length == 0) {
                ids = local;
                return;
            }
            ids = Arrays.stream(local).map(i -> ids[i]).toArray();
            y = rows(y, local);
            xb = rows(xb, local);
            rb = rows(rb, local);
            negPre = rows(negPre, local);
            minPre = rows(minPre, local);
            delta = rows(delta, local);
            r = rows(r, local);
            pre = rows(pre, local);
            res = pick(res, local);
            resBase = pick(resBase, local);
            lastExact = pick(lastExact, local);
            prev = pick(prev, local);
            boolean[] e = new boolean[local.length];
            boolean[] a = new boolean[local.length];
            int[] sr = new int[local.length];
            for (int k = 0; k < local.length; k++) {
                e[k] = exact[local[k]];
                a[k] = anchored[local[k]];
                sr[k] = sinceRebase[local[k]];
            }
            exact = e;
            anchored = a;
            sinceRebase = sr;
        }

        /** The current iterates x_b + δ (double) of the given local rows. */
        INDArray current(int[] local) {
            return rows(xb, local).addi(rows(delta, local).castTo(DataType.DOUBLE));
        }

        /**
         * Rounding bound of res[i] (see {@link ConvResidualInverter#estimateErrorBound}) if r_b is a double residual, else NaN: the
         * float residual from a double base is then accurate to ~1e-7‖r_b‖ and certifies x_b + δ without the
         * double forward pass that used to (the second one per sample).
         */
        double estimateBound(int i, double deltaNorm) {
            return inv.certifyFromBase() && anchored[i] && !exact[i]
                    ? inv.estimateErrorBound(dt, resBase[i], deltaNorm / yNorm(i), res[i], r.length() / r.size(0))
                    : Double.NaN;
        }

        /** δ += β s (β per row), then the float residual and pre-activation at x_b + δ. */
        void step(INDArray s, double[] beta) {
            boolean undamped = Arrays.stream(beta).allMatch(b -> b == 1);
            if (undamped) {
                delta.addi(s);
            } else {
                INDArray b = Nd4j.createFromArray(beta).castTo(dt).reshape(beta.length, 1);
                flat(delta).addi(flat(s).mulColumnVector(b));
            }
            // pre and r are written in place: the caller may run this in a loop workspace
            INDArray u = unit.convIn(delta);
            pre.assign(u).subi(negPre); // p_b + W1δ
            r.assign(rb).subi(delta).subi(unit.branchIncrement(u, negPre, minPre));
            double[] nr = flat(r).norm2(1).toDoubleVector();
            for (int i = 0; i < ids.length; i++) {
                prev[i] = res[i];
                res[i] = nr[i] / yNorm(i);
                exact[i] = false;
                sinceRebase[i]++;
            }
        }
    }

    /** A base point's float(y − F(x)), float(−p), float(min(p, 0)), float(p) (p = W1 x + b1) and row norms of y − F(x). */
    private record Base(INDArray r, INDArray negPre, INDArray minPre, INDArray pre, double[] norms) {
    }

    /** Forward pass at x [N,C,H,W] (double), evaluated in double or (inexactly) in float. */
    private Base base(INDArray x, INDArray y, boolean inDouble) {
        if (inDouble) {
            inv.countDoubleForwards(x.size(0));
        }
        INDArray xs = inDouble ? x : x.castTo(dt);
        INDArray ys = inDouble ? y : y.castTo(dt);
        try (MemoryWorkspace ws = LoopWorkspace.open("residual-unit-forward")) {
            INDArray p = unit.preActivation(xs);
            INDArray r = ys.sub(xs).subi(unit.branchFromPreActivation(p));
            double[] norms = flat(r).norm2(1).toDoubleVector();
            INDArray pf = p.castTo(dt);
            INDArray rf = r.castTo(dt);
            return new Base(rf.detach(), pf.neg().detach(), Transforms.min(pf, 0.0, true).detach(), pf.detach(), norms);
        }
    }

    void run(ConvInversionState st, InverseStrategy method, InverseOptions o) {
        this.options = o;
        int n = st.iterations.length;
        Work wk = new Work(st.y, st.yNorm);
        double target = o.targetResidual();
        double floatTol = Math.max(o.krylovTolerance(), precision.krylovFloor);
        InverseStrategy.ConvDirection directions = method.startConv(n);
        StepPolicy.Run policy = method.policy().start(n);
        policy.begin(wk.pre);
        while (wk.ids.length > 0) {
            // 1. double residual where the float estimate has dropped enough (or stalled after many steps), unless
            //    the estimate already certifies the target from a double base
            double[] dn = flat(wk.delta).norm2(1).toDoubleVector();
            boolean[] trusted = new boolean[wk.ids.length];
            double[] bound = new double[wk.ids.length];
            List<Integer> reb = new ArrayList<>();
            for (int i = 0; i < wk.ids.length; i++) {
                bound[i] = wk.estimateBound(i, dn[i]);
                // the estimate stops the iteration like a double residual would, if its bound leaves it certain
                trusted[i] = wk.res[i] < target && wk.res[i] + bound[i] < o.tolerance();
                boolean stalled = wk.res[i] > 0.5 * wk.prev[i] && wk.res[i] <= REBASE_STALL_FACTOR * wk.resBase[i];
                if (!wk.exact[i] && !trusted[i] && (wk.res[i] <= REBASE_FACTOR * wk.resBase[i] || wk.res[i] <= target
                        || stalled || (wk.sinceRebase[i] >= REBASE_EVERY && wk.res[i] < wk.resBase[i]))) {
                    reb.add(i);
                }
            }
            int[] rebased = reb.stream().mapToInt(Integer::intValue).toArray();
            wk.rebase(rebased);
            for (int i : rebased) {
                dn[i] = 0;
            }
            // 2. stop: converged (double residual or certified estimate), stalled below tolerance, diverged, budget
            double[] xn = flat(wk.xb).norm2(1).toDoubleVector();
            boolean[] stop = new boolean[wk.ids.length];
            for (int i = 0; i < wk.ids.length; i++) {
                int s = wk.ids[i];
                if (trusted[i]) {
                    stop[i] = true;
                    continue;
                }
                if (wk.exact[i]) {
                    boolean stalled = wk.res[i] < o.tolerance() && wk.res[i] > STALL_FACTOR * wk.lastExact[i];
                    wk.lastExact[i] = wk.res[i];
                    if (wk.res[i] < target || stalled) {
                        stop[i] = true;
                        continue;
                    }
                }
                if (!Double.isFinite(wk.res[i]) || ConvInversionState.diverged(xn[i] + dn[i], st.yNorm[s], o)) {
                    st.failure[s] = InverseStatus.DIVERGED;
                    stop[i] = true;
                } else if (st.singular(s)) {
                    stop[i] = true; // failure SINGULAR, set by recordSolve
                } else if (st.iterations[s] >= o.maxIterations()) {
                    stop[i] = true;
                }
            }
            int[] stopped = Arrays.stream(range(stop.length)).filter(i -> stop[i]).toArray();
            for (int i : stopped) {
                if (wk.exact[i] || trusted[i]) {
                    // exact: δ = 0, the returned x is the base point whose residual was just evaluated in double;
                    // trusted: the returned x is x_b + δ, whose float residual from the double base certifies it
                    st.certified[wk.ids[i]] = wk.res[i];
                    st.certifiedError[wk.ids[i]] = trusted[i] ? bound[i] : 0;
                }
            }
            if (stopped.length > 0) {
                putRows(st.x, Arrays.stream(stopped).map(i -> wk.ids[i]).toArray(), wk.current(stopped));
                wk.keep(Arrays.stream(range(stop.length)).filter(i -> !stop[i]).toArray());
            }
            if (wk.ids.length == 0) {
                break;
            }
            // 3. one float step for every remaining sample
            int m = wk.ids.length;
            double[] resBefore = wk.res.clone();
            // inexact Newton forcing term: loose solves while the residual still falls slowly (pattern moving),
            // down to the float limit once it falls fast
            double[] tol = new double[m];
            for (int i = 0; i < m; i++) {
                double ratio = Double.isFinite(wk.prev[i]) && wk.prev[i] > 0 ? wk.res[i] / wk.prev[i] : 1;
                tol[i] = Math.min(MAX_FORCING, Math.max(floatTol, 0.1 * ratio));
            }
            try (MemoryWorkspace ws = LoopWorkspace.open("mixed-precision-step")) {
                lastSolveResidual = null;
                samples = wk.ids;
                INDArray s = directions.direction(this, wk.r, wk.pre, tol);
                int[] ids = wk.ids;
                if (lastSolveResidual != null) {
                    for (int i = 0; i < m; i++) {
                        st.recordSolve(ids[i], lastSolveResidual[i]);
                    }
                }
                wk.step(s, Arrays.stream(ids).mapToDouble(policy::beta).toArray());
                for (int i = 0; i < m; i++) {
                    st.iterations[ids[i]]++;
                }
                boolean[] cycled = new boolean[m];
                policy.afterStep(ids, wk.pre, wk.res, resBefore, cycled);
                for (int i = 0; i < m; i++) {
                    if (cycled[i]) {
                        st.cycle[ids[i]] = true;
                        st.failure[ids[i]] = InverseStatus.CYCLED;
                    }
                }
            }
        }
    }
}
