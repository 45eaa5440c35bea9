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

    /** Per-row norms, computed in a loop workspace (no allocation outlives the call). */
    private static double[] rowNorms(INDArray a) {
        try (MemoryWorkspace ws = LoopWorkspace.open("mixed-precision-rebase")) {
            return norms(a);
        }
    }

    void run(ConvInversionState st, InverseStrategy method, InverseOptions o) {
        this.options = o;
        InverseStrategy.ConvDirection directions = method.startConv(st.iterations.length);
        try (MixedPrecisionBatch wk = new MixedPrecisionBatch(inv, unit, dt, st.y, st.yNorm)) {
            iterate(st, wk, method, directions, o);
        } finally {
            directions.release();
        }
    }

    private void iterate(ConvInversionState st, MixedPrecisionBatch wk, InverseStrategy method,
                         InverseStrategy.ConvDirection directions, InverseOptions o) {
        int n = st.iterations.length;
        double target = o.targetResidual();
        double floatTol = Math.max(o.krylovTolerance(), precision.krylovFloor);
        StepPolicy.Run policy = method.policy().start(n);
        policy.begin(wk.pre);
        while (wk.ids.length > 0) {
            // 1. double residual where the float estimate has dropped enough (or stalled after many steps), unless
            //    the estimate already certifies the target from a double base
            double[] dn = rowNorms(wk.delta);
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
            double[] xn = rowNorms(wk.xb);
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
                try (MemoryWorkspace ws = LoopWorkspace.open("mixed-precision-rebase")) {
                    putRows(st.x, Arrays.stream(stopped).map(i -> wk.ids[i]).toArray(), wk.current(stopped));
                }
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
