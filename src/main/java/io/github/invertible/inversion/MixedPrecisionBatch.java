package io.github.invertible.inversion;

import io.github.invertible.inversion.piece.ConvResidualMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

import static io.github.invertible.inversion.BatchRows.*;

/**
 * The working set of {@link ConvDriver}'s iteration over one batch: double base points x_b and their residuals,
 * the float correction δ and the float residual estimate at x_b + δ; row i belongs to sample ids[i]. Its arrays
 * are owned here (never views of the caller's): one that is replaced is closed at once, and every temporary of a
 * rebase or a step lives in a loop workspace, so a batch holds a fixed amount of native memory, freed
 * deterministically rather than at the next garbage collection (DESIGN §5.3).
 */
final class MixedPrecisionBatch implements AutoCloseable {
    private final ConvResidualInverter inv;
    private final ConvResidualMap unit;
    private final DataType dt;

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

    MixedPrecisionBatch(ConvResidualInverter inv, ConvResidualMap unit, DataType dt, INDArray y, double[] yNormOf) {
        this.inv = inv;
        this.unit = unit;
        this.dt = dt;
        int n = (int) y.size(0);
        this.yNormOf = yNormOf;
        this.ids = range(n);
        this.y = y.dup();
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
        try (MemoryWorkspace ws = LoopWorkspace.open("mixed-precision-rebase")) {
            // the first base is float: its residual is only good to ~1e-7‖y‖, enough to start from
            Base b = base(xb, this.y, false);
            // copies outside the workspace, each its own array (detach() would alias them when workspaces are off)
            this.rb = LoopWorkspace.outside(() -> b.r().dup());
            this.negPre = LoopWorkspace.outside(() -> b.pre().neg());
            this.minPre = LoopWorkspace.outside(() -> Transforms.min(b.pre(), 0.0, true));
            this.pre = LoopWorkspace.outside(() -> b.pre().dup());
            this.r = LoopWorkspace.outside(() -> b.r().dup());
            for (int i = 0; i < n; i++) {
                res[i] = b.norms()[i] / yNorm(i);
                resBase[i] = res[i];
                exact[i] = false;
            }
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
        double[] nr;
        try (MemoryWorkspace ws = LoopWorkspace.open("mixed-precision-rebase")) {
            if (all) {
                xb.addi(delta.castTo(DataType.DOUBLE));
                Base b = base(xb, y, true);
                rb.assign(b.r());
                r.assign(b.r());
                pre.assign(b.pre());
                negPre.assign(b.pre()).negi();
                minPre.assign(Transforms.min(b.pre(), 0.0, true));
                delta.assign(0);
                nr = b.norms();
            } else {
                INDArray xs = rows(xb, local).addi(rows(delta, local).castTo(DataType.DOUBLE));
                Base b = base(xs, rows(y, local), true);
                putRows(xb, local, xs);
                putRows(rb, local, b.r());
                putRows(r, local, b.r());
                putRows(pre, local, b.pre());
                putRows(negPre, local, b.pre().neg());
                putRows(minPre, local, Transforms.min(b.pre(), 0.0, true));
                putRows(delta, local, Nd4j.zeros(dt, b.r().shape()));
                nr = b.norms();
            }
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

    /** Keeps only the given local rows; the arrays of the dropped ones are freed now. */
    void keep(int[] local) {
        if (local.length == ids.length) {
            return;
        }
        if (local.length == 0) {
            ids = local;
            close();
            return;
        }
        ids = pick(ids, local);
        y = take(y, local);
        xb = take(xb, local);
        rb = take(rb, local);
        negPre = take(negPre, local);
        minPre = take(minPre, local);
        delta = take(delta, local);
        r = take(r, local);
        pre = take(pre, local);
        res = pick(res, local);
        resBase = pick(resBase, local);
        lastExact = pick(lastExact, local);
        prev = pick(prev, local);
        exact = pick(exact, local);
        anchored = pick(anchored, local);
        sinceRebase = pick(sinceRebase, local);
    }

    /** Frees the working arrays (the batch is done). */
    @Override
    public void close() {
        BatchRows.close(y, xb, rb, negPre, minPre, delta, r, pre);
    }

    /** The current iterates x_b + δ (double) of the given local rows. */
    INDArray current(int[] local) {
        return rows(xb, local).addi(rows(delta, local).castTo(DataType.DOUBLE));
    }

    /**
     * Rounding bound of res[i] (see {@link ConvResidualInverter#estimateErrorBound}) if r_b is a double residual,
     * else NaN: the float residual from a double base is then accurate to ~1e-7‖r_b‖ and certifies x_b + δ without
     * the double forward pass that used to (the second one per sample).
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

    /** A base point's float(y − F(x)), float(p) (p = W1 x + b1) and row norms of y − F(x). */
    private record Base(INDArray r, INDArray pre, double[] norms) {
    }

    /**
     * Forward pass at x [N,C,H,W] (double), evaluated in double or (inexactly) in float. Its arrays live in the
     * caller's scope (a loop workspace): the caller copies what it keeps into its own arrays.
     */
    private Base base(INDArray x, INDArray y, boolean inDouble) {
        if (inDouble) {
            inv.countDoubleForwards(x.size(0));
        }
        INDArray xs = inDouble ? x : x.castTo(dt);
        INDArray ys = inDouble ? y : y.castTo(dt);
        INDArray p = unit.preActivation(xs);
        INDArray r = ys.sub(xs).subi(unit.branchFromPreActivation(p));
        double[] norms = flat(r).norm2(1).toDoubleVector();
        return new Base(r.castTo(dt), p.castTo(dt), norms);
    }
}
