package io.github.invertible.inversion;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
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
 * by re-applying the forward map in double precision.
 *
 * <p>By default ({@link #mixedPrecision(boolean)} true) the iterations run in FLOAT — the oneDNN native
 * build has fast float convolutions and no float64 ones — as iterative refinement: x = x_b + δ with the
 * base residual y − F(x_b) evaluated in DOUBLE, δ, the Krylov solves and the residual of x_b + δ in float
 * (see {@code mixed}). A sample's certificate is either a double forward pass at the returned x, or — once
 * its base residual r_b is a double one — the float residual of x_b + δ plus an a-priori bound on its rounding
 * error ({@link #estimateErrorBound}); samples stopped otherwise get a fresh double forward pass. Status
 * RECOVERED always means ‖F(x̂) − y‖/‖y‖ &lt; tolerance, with the residual's rounding error accounted for.
 * Batches are processed in chunks ({@link #chunkSize(int)}). The all-double path
 * ({@code mixedPrecision(false)}) is the reference.
 */
public final class ConvResidualInverter {

    /** Damping factor applied (again) each time a sample's pattern iteration revisits a pattern. */
    private static final double DAMPING = 0.5;
    private static final double MIN_DAMPING = 1.0 / 64;
    /** Krylov tolerance of the Newton steps taken while the activation pattern still changes. */
    private static final double LOOSE_KRYLOV_TOLERANCE = 1e-6;

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
    /** Unit roundoff of float. */
    private static final double FLOAT_EPS = 0x1p-24;
    /** Loosest relative tolerance of a float Krylov solve (inexact Newton forcing term cap). */
    private static final double MAX_FORCING = 1e-2;
    /** Measured on the T1 inversion (2 cores): 250 beat 50, 100, 500 and 1000. */
    public static final int DEFAULT_CHUNK_SIZE = 250;

    private final ConvResidualUnit unit;
    private final boolean symmetric;
    private long matVecs;
    private long doubleForwards;
    /** Rounding-error coefficients of the float residual estimate, see {@link #estimateErrorBound}. */
    private final double estimateErrorPerBase;
    private final double estimateErrorPerDelta;
    private boolean mixedPrecision = true;
    private boolean certifyFromBase = true;
    private int chunkSize = DEFAULT_CHUNK_SIZE;

    /** Detects tied weights (then CG) automatically. */
    public ConvResidualInverter(ConvResidualUnit unit) {
        this(unit, !Double.isNaN(unit.tiedScale()));
    }

    /** @param symmetricPositiveDefinite use CG (only valid for tied units, W2 = α·adjoint(W1), α &gt; 0) */
    public ConvResidualInverter(ConvResidualUnit unit, boolean symmetricPositiveDefinite) {
        this.unit = unit;
        this.symmetric = symmetricPositiveDefinite;
        // Standard a-priori bounds (Higham, ch. 3): a float dot product of length n errs by at most
        // γ_n = nu/(1 − nu) times the dot product of the absolute values, so a float convolution errs by
        // γ_fanIn·|W||v| componentwise, and ‖|W|‖ ≤ sqrt(‖|W|‖₁‖|W|‖∞) (Schur). One more u per stored kernel
        // entry (float copies of the double kernels) and per elementwise operation, a factor 2 for the
        // second-order terms.
        long taps = unit.kernelHeight() * unit.kernelWidth();
        double n1 = ConvOperatorNorm.absoluteNormBound(unit.w1());
        double n2 = ConvOperatorNorm.absoluteNormBound(unit.w2());
        double g1 = gamma((long) unit.channels() * taps);
        double g2 = gamma((long) unit.hiddenChannels() * taps);
        this.estimateErrorPerBase = 2 * 3 * FLOAT_EPS;
        this.estimateErrorPerDelta = 2 * ((g1 + g2 + 3 * FLOAT_EPS) * n1 * n2 + 3 * FLOAT_EPS);
    }

    private static double gamma(long n) {
        double nu = n * FLOAT_EPS;
        return nu / (1 - nu);
    }

    /**
     * Bound on |‖r̃‖ − ‖y − F(x_b + δ)‖| / ‖y‖ for the float residual r̃ = r_b − δ − W2[σ(p_b + W1δ) − σ(p_b)]
     * computed from a base whose r_b, p_b were evaluated in double: rounding of r_b to float, of the two float
     * convolutions of δ and of the elementwise operations; plus the float norm of r̃ over {@code length} entries.
     * All relative to ‖y‖.
     */
    double estimateErrorBound(double resBase, double deltaNorm, double res, long length) {
        return estimateErrorPerBase * resBase + estimateErrorPerDelta * deltaNorm + gamma(length) * res;
    }

    public boolean usesConjugateGradients() {
        return symmetric;
    }

    /** Operator applications (two convolutions each), counted per sample, since construction. */
    public long matVecCount() {
        return matVecs;
    }

    /** Double-precision forward passes (mixed-precision path; certificates included), counted per sample. */
    public long doubleForwardCount() {
        return doubleForwards;
    }

    /**
     * Mixed precision (default true): iterate with FLOAT convolutions and residuals that are recomputed
     * in DOUBLE (iterative refinement); false selects the all-double reference path. Either way the
     * status comes from the double certificate ‖F(x̂) − y‖/‖y‖ &lt; tolerance.
     */
    public ConvResidualInverter mixedPrecision(boolean on) {
        this.mixedPrecision = on;
        return this;
    }

    public boolean mixedPrecision() {
        return mixedPrecision;
    }

    /**
     * Mixed precision: certify a sample by its float residual from a double base point plus a rounding bound
     * (default true), or, false, by a second double forward pass at the returned x (kept to measure the saving).
     */
    public ConvResidualInverter certifyFromBase(boolean on) {
        this.certifyFromBase = on;
        return this;
    }

    /** Samples processed together (larger batches are split into chunks of this size). */
    public ConvResidualInverter chunkSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("chunk size must be positive: " + n);
        }
        this.chunkSize = n;
        return this;
    }

    public int chunkSize() {
        return chunkSize;
    }

    /**
     * Inverts y [N,C,H,W]. Throws IllegalArgumentException on NaN/∞ or a wrong shape. The batch is processed
     * in chunks of {@link #chunkSize()} samples; every sample is certified in double precision.
     */
    public BatchInversion invert(INDArray y, InverseMethod method, InverseOptions o) {
        if (y.rank() != 4 || y.size(1) != unit.channels()) {
            throw new IllegalArgumentException("expected y of shape [N," + unit.channels() + ",H,W], got "
                    + Arrays.toString(y.shape()));
        }
        Matrices.requireFinite(y, "y");
        INDArray yd = y.castTo(DataType.DOUBLE).dup('c');
        int n = (int) yd.size(0);
        if (n <= chunkSize) {
            return invertChunk(yd, method, o);
        }
        List<BatchInversion> parts = new ArrayList<>();
        for (int a = 0; a < n; a += chunkSize) {
            int b = Math.min(n, a + chunkSize);
            parts.add(invertChunk(yd.get(NDArrayIndex.interval(a, b), NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.all()).dup('c'), method, o));
        }
        INDArray x = Nd4j.concat(0, parts.stream().map(BatchInversion::x).toArray(INDArray[]::new));
        InverseStatus[] status = new InverseStatus[n];
        int[] iterations = new int[n];
        double[] residual = new double[n];
        boolean[] cycle = new boolean[n];
        int at = 0;
        for (BatchInversion p : parts) {
            int m = p.size();
            System.arraycopy(p.status(), 0, status, at, m);
            System.arraycopy(p.iterations(), 0, iterations, at, m);
            System.arraycopy(p.residual(), 0, residual, at, m);
            System.arraycopy(p.cycleDetected(), 0, cycle, at, m);
            at += m;
        }
        return new BatchInversion(x, status, iterations, residual, cycle);
    }

    private BatchInversion invertChunk(INDArray yd, InverseMethod method, InverseOptions o) {
        State st = new State(yd, (int) yd.size(0));
        if (mixedPrecision) {
            mixed(st, method, o);
        } else {
            switch (method) {
                case EXISTING -> existing(st, o);
                case PROPOSED -> proposed(st, o);
                case PROPOSED_SPLIT -> split(st, o);
                default -> throw new IllegalStateException();
            }
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
        /** ‖y − F(x)‖/‖y‖ already evaluated in double at the final x (NaN: certify() must evaluate it). */
        final double[] certified;
        /** Bound on the rounding error of {@code certified} (0 where it is a double forward pass). */
        final double[] certifiedError;

        State(INDArray y, int n) {
            this.certifiedError = new double[n];
            this.certified = new double[n];
            Arrays.fill(certified, Double.NaN);
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
        double[] res = st.certified.clone();
        int[] todo = Arrays.stream(range(res.length)).filter(i -> Double.isNaN(res[i])).toArray();
        doubleForwards += todo.length;
        if (todo.length == res.length) {
            System.arraycopy(relativeResiduals(st.x, st.y), 0, res, 0, res.length);
        } else if (todo.length > 0) {
            double[] r = relativeResiduals(rows(st.x, todo), rows(st.y, todo));
            for (int k = 0; k < todo.length; k++) {
                res[todo[k]] = r[k];
            }
        }
        InverseStatus[] status = new InverseStatus[res.length];
        for (int i = 0; i < res.length; i++) {
            status[i] = res[i] + st.certifiedError[i] < o.tolerance() ? InverseStatus.RECOVERED : st.failure[i];
        }
        return new BatchInversion(st.x, status, st.iterations, res, st.cycle);
    }

    private static INDArray flat(INDArray a) {
        return a.reshape(a.size(0), a.length() / a.size(0));
    }

    private static INDArray rows(INDArray a, int[] idx) {
        return Nd4j.pullRows(flat(a), 1, idx).reshape(idx.length, a.size(1), a.size(2), a.size(3));
    }

    /** target[idx[i]] = src[i] in place, one native scatter (target must be c-contiguous, as all arrays here are). */
    private static void putRows(INDArray target, int[] idx, INDArray src) {
        INDArray t = flat(target);
        INDArray s = flat(src).castTo(t.dataType());
        Nd4j.exec(DynamicCustomOp.builder("scatter_upd").addInputs(t, Nd4j.createFromArray(idx), s).addOutputs(t).build());
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

    /** Solves op(x) = rhs per sample from x0 (null = zero). */
    private INDArray solve(UnaryOperator<INDArray> op4d, INDArray rhs, INDArray x0, double[] tol, InverseOptions o) {
        long[] shape = rhs.shape();
        UnaryOperator<INDArray> op2d = v -> {
            matVecs += shape[0];
            return flat(op4d.apply(v.reshape(shape)));
        };
        BatchedKrylov.Result r = symmetric
                ? BatchedKrylov.cg(op2d, flat(rhs), x0 == null ? null : flat(x0), tol, o.maxKrylovIterations())
                : BatchedKrylov.bicgstab(op2d, flat(rhs), x0 == null ? null : flat(x0), tol, o.maxKrylovIterations());
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

    /**
     * An activation pattern, identified by a fingerprint: {@link #FINGERPRINT_COLUMNS} sums of random integers over
     * the active units, one small matrix product per step instead of copying every mask to Java. The integers are
     * below 2^24 / D (D units per sample), so every partial sum is an exact float: equal patterns always give equal
     * fingerprints. Different patterns collide with probability ~(D / 2^24)^4, which for these layers (D ≤ 6272)
     * is below 1e-13; a collision could only mislabel a cycle, never certify a wrong inverse (the certificate is a
     * separate double-precision residual).
     */
    private record Pattern(long[] bits) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Pattern p && Arrays.equals(bits, p.bits);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bits);
        }
    }

    private static final int FINGERPRINT_COLUMNS = 4;
    private static final long FLOAT_EXACT_INTEGERS = 1L << 24;
    /** [FINGERPRINT_COLUMNS, D] random integers (float), created for the unit's D on first use. */
    private INDArray fingerprintWeights;

    /** Patterns of masks [N,K,H,W] (entries 0/1; or pre-activations, masked here, when {@code positive}). */
    private Pattern[] patterns(INDArray maskOrPre, boolean positive) {
        INDArray m = flat(positive ? maskOrPre.gt(0) : maskOrPre).castTo(DataType.FLOAT);
        long d = m.size(1);
        if (d > FLOAT_EXACT_INTEGERS / 2) {
            throw new IllegalStateException("pattern fingerprints need fewer than 2^23 hidden units per sample, got " + d);
        }
        if (fingerprintWeights == null || fingerprintWeights.size(1) != d) {
            long bound = FLOAT_EXACT_INTEGERS / d;
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(0x5eed);
            float[] w = new float[(int) d * FINGERPRINT_COLUMNS];
            for (int i = 0; i < w.length; i++) {
                w[i] = rnd.nextLong(bound);
            }
            fingerprintWeights = Nd4j.createFromArray(w).reshape(FINGERPRINT_COLUMNS, d);
        }
        float[][] f = fingerprintWeights.mmul(m.transpose()).toFloatMatrix(); // [columns, N]
        Pattern[] p = new Pattern[(int) m.size(0)];
        for (int i = 0; i < p.length; i++) {
            long[] b = new long[FINGERPRINT_COLUMNS];
            for (int j = 0; j < b.length; j++) {
                b[j] = (long) f[j][i];
            }
            p[i] = new Pattern(b);
        }
        return p;
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
        Pattern[] p0 = patterns(allMasks, false);
        for (int i = 0; i < n; i++) {
            current[i] = p0[i];
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
            Pattern[] nm = patterns(nextMasks, false);
            boolean[] drop = new boolean[act.length];
            for (int i = 0; i < act.length; i++) {
                int s = act[i];
                st.iterations[s]++;
                Pattern p = nm[i];
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
            this.delta = Nd4j.zeros(DataType.FLOAT, y.shape());
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
                putRows(delta, local, Nd4j.zeros(DataType.FLOAT, ds.shape()));
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
         * Rounding bound of res[i] (see {@link #estimateErrorBound}) if r_b is a double residual, else NaN: the
         * float residual from a double base is then accurate to ~1e-7‖r_b‖ and certifies x_b + δ without the
         * double forward pass that used to (the second one per sample).
         */
        double estimateBound(int i, double deltaNorm) {
            return certifyFromBase && anchored[i] && !exact[i]
                    ? estimateErrorBound(resBase[i], deltaNorm / yNorm(i), res[i], r.length() / r.size(0))
                    : Double.NaN;
        }

        /** δ += β s (β per row), then the float residual and pre-activation at x_b + δ. */
        void step(INDArray s, double[] beta) {
            boolean undamped = Arrays.stream(beta).allMatch(b -> b == 1);
            if (undamped) {
                delta.addi(s);
            } else {
                float[] bf = new float[beta.length];
                for (int i = 0; i < beta.length; i++) {
                    bf[i] = (float) beta[i];
                }
                flat(delta).addi(flat(s).mulColumnVector(Nd4j.createFromArray(bf).reshape(bf.length, 1)));
            }
            // pre and r are written in place: the caller may run this in a loop workspace
            INDArray u = unit.convIn(delta);
            pre.assign(u).subi(negPre); // p_b + W1δ
            INDArray dh = Transforms.max(u, negPre, false).addi(minPre);
            r.assign(rb).subi(delta).subi(unit.convOut(dh));
            double[] nr = flat(r).norm2(1).toDoubleVector();
            for (int i = 0; i < ids.length; i++) {
                prev[i] = res[i];
                res[i] = nr[i] / yNorm(i);
                exact[i] = false;
                sinceRebase[i]++;
            }
        }
    }

    private static double[] pick(double[] a, int[] idx) {
        return Arrays.stream(idx).mapToDouble(i -> a[i]).toArray();
    }

    /** A base point's float(y − F(x)), float(−p), float(min(p, 0)), float(p) (p = W1 x + b1) and row norms of y − F(x). */
    private record Base(INDArray r, INDArray negPre, INDArray minPre, INDArray pre, double[] norms) {
    }

    /** Forward pass at x [N,C,H,W] (double), evaluated in double or (inexactly) in float. */
    private Base base(INDArray x, INDArray y, boolean inDouble) {
        if (inDouble) {
            doubleForwards += x.size(0);
        }
        INDArray xs = inDouble ? x : x.castTo(DataType.FLOAT);
        INDArray ys = inDouble ? y : y.castTo(DataType.FLOAT);
        try (MemoryWorkspace ws = LoopWorkspace.open("residual-unit-forward")) {
            INDArray p = unit.preActivation(xs);
            INDArray r = ys.sub(xs).subi(unit.addOutputBiasi(unit.convOut(Transforms.relu(p, true))));
            double[] norms = flat(r).norm2(1).toDoubleVector();
            INDArray pf = inDouble ? p.castTo(DataType.FLOAT) : p;
            INDArray rf = inDouble ? r.castTo(DataType.FLOAT) : r;
            return new Base(rf.detach(), pf.neg().detach(), Transforms.min(pf, 0.0, true).detach(), pf.detach(), norms);
        }
    }

    private void mixed(State st, InverseMethod method, InverseOptions o) {
        int n = st.iterations.length;
        Work wk = new Work(st.y, st.yNorm);
        double target = o.targetResidual();
        double floatTol = Math.max(o.krylovTolerance(), FLOAT_KRYLOV_TOLERANCE);
        // proposed: pattern bookkeeping for cycle detection and damping
        List<Set<Pattern>> seen = new ArrayList<>();
        Pattern[] current = new Pattern[n];
        double[] damping = new double[n];
        Arrays.fill(damping, 1);
        if (method == InverseMethod.PROPOSED) {
            Pattern[] p0 = patterns(wk.pre, true);
            for (int i = 0; i < n; i++) {
                current[i] = p0[i];
                Set<Pattern> s = new HashSet<>();
                s.add(current[i]);
                seen.add(s);
            }
        }
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
                if (!Double.isFinite(wk.res[i]) || diverged(xn[i] + dn[i], st.yNorm[s], o)) {
                    st.failure[s] = InverseStatus.DIVERGED;
                    stop[i] = true;
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
                INDArray s;
                switch (method) {
                    case EXISTING -> s = wk.r;
                    case PROPOSED -> {
                        INDArray d = wk.pre.gt(0).castTo(DataType.FLOAT);
                        s = solve(v -> unit.applyJacobian(v, d), wk.r, null, tol, o);
                    }
                    case PROPOSED_SPLIT -> s = solve(v -> unit.applyLinearised(v, 0.5), wk.r, null, tol, o);
                    default -> throw new IllegalStateException();
                }
                int[] ids = wk.ids;
                wk.step(s, Arrays.stream(ids).mapToDouble(i -> damping[i]).toArray());
                for (int i = 0; i < m; i++) {
                    st.iterations[ids[i]]++;
                }
                if (method == InverseMethod.PROPOSED) {
                    Pattern[] nm = patterns(wk.pre, true);
                    for (int i = 0; i < m; i++) {
                        int smp = ids[i];
                        Pattern p = nm[i];
                        // a real cycle returns to an older region without reducing the residual; patterns that
                        // flicker in float rounding near the solution still cut the residual and are not cycles
                        if (!p.equals(current[smp]) && seen.get(smp).contains(p) && wk.res[i] > 0.5 * resBefore[i]) {
                            st.cycle[smp] = true;
                            st.failure[smp] = InverseStatus.CYCLED;
                            damping[smp] = Math.max(damping[smp] * DAMPING, MIN_DAMPING);
                        }
                        seen.get(smp).add(p);
                        current[smp] = p;
                    }
                }
            }
        }
    }
}
