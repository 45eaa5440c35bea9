package io.github.invertible.inversion;

import io.github.invertible.inversion.linalg.BatchedKrylov;
import io.github.invertible.inversion.linalg.ConvOperatorNorm;
import io.github.invertible.inversion.linalg.Matrices;
import io.github.invertible.inversion.piece.ConvResidualMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Batched inverses of a {@link ConvResidualMap} (DESIGN §5), matrix-free: every linear solve is a
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
 * ({@code mixedPrecision(false)}) runs the same driver, method and step policy with every array in double: the
 * reference.
 */
public final class ConvResidualInverter {

    /** Unit roundoff of float. */
    private static final double FLOAT_EPS = 0x1p-24;
    /** Unit roundoff of double. */
    private static final double DOUBLE_EPS = 0x1p-53;
    /** Measured on the T1 inversion (2 cores): 250 beat 50, 100, 500 and 1000. */
    public static final int DEFAULT_CHUNK_SIZE = 250;

    private final ConvResidualMap unit;
    private final boolean symmetric;
    private long matVecs;
    private long doubleForwards;
    /** Rounding-error coefficients of the residual estimate, see {@link #estimateErrorBound}: [float, double]. */
    private final double[] estimateErrorPerBase = new double[2];
    private final double[] estimateErrorPerDelta = new double[2];
    private boolean mixedPrecision = true;
    private boolean certifyFromBase = true;
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    private final ConvDriver driver;
    private final ConvDriver reference;

    /** Detects tied weights (then CG) automatically. */
    public ConvResidualInverter(ConvResidualMap unit) {
        this(unit, !Double.isNaN(unit.tiedScale()));
    }

    /** @param symmetricPositiveDefinite use CG (only valid for tied units, W2 = α·adjoint(W1), α &gt; 0) */
    public ConvResidualInverter(ConvResidualMap unit, boolean symmetricPositiveDefinite) {
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
        double[] eps = {FLOAT_EPS, DOUBLE_EPS};
        for (int k = 0; k < 2; k++) {
            double g1 = gamma((long) unit.channels() * taps, eps[k]);
            double g2 = gamma((long) unit.hiddenChannels() * taps, eps[k]);
            estimateErrorPerBase[k] = 2 * 3 * eps[k];
            estimateErrorPerDelta[k] = 2 * ((g1 + g2 + 3 * eps[k]) * n1 * n2 + 3 * eps[k]);
        }
        this.driver = new ConvDriver(this, unit, ConvDriver.Precision.MIXED);
        this.reference = new ConvDriver(this, unit, ConvDriver.Precision.DOUBLE);
    }

    private static double gamma(long n, double eps) {
        double nu = n * eps;
        return nu / (1 - nu);
    }

    /**
     * Bound on |‖r̃‖ − ‖y − F(x_b + δ)‖| / ‖y‖ for the residual r̃ = r_b − δ − W2[σ(p_b + W1δ) − σ(p_b)] computed in
     * {@code type} (FLOAT or DOUBLE) from a base whose r_b, p_b were evaluated in double: rounding of r_b to that
     * type, of the two convolutions of δ and of the elementwise operations; plus the norm of r̃ over {@code length}
     * entries. All relative to ‖y‖.
     */
    double estimateErrorBound(DataType type, double resBase, double deltaNorm, double res, long length) {
        int k = type == DataType.FLOAT ? 0 : 1;
        return estimateErrorPerBase[k] * resBase + estimateErrorPerDelta[k] * deltaNorm
                + gamma(length, k == 0 ? FLOAT_EPS : DOUBLE_EPS) * res;
    }

    boolean certifyFromBase() {
        return certifyFromBase;
    }

    void countDoubleForwards(long samples) {
        doubleForwards += samples;
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
        ConvInversionState st = new ConvInversionState(yd);
        (mixedPrecision ? driver : reference).run(st, method.strategy(), o);
        BatchInversion result = certify(st, o);
        LoopWorkspace.releaseBatchGarbage();
        return result;
    }

    /** Per-sample ‖F(x) − y‖ / ‖y‖ for batches [N,C,H,W]. */
    public double[] relativeResiduals(INDArray x, INDArray y) {
        double[] r = BatchRows.norms(unit.forward(x).subi(y));
        double[] ny = BatchRows.norms(y);
        for (int i = 0; i < r.length; i++) {
            r[i] = Double.isFinite(r[i]) ? r[i] / (ny[i] > 0 ? ny[i] : 1) : Double.POSITIVE_INFINITY;
        }
        return r;
    }

    private BatchInversion certify(ConvInversionState st, InverseOptions o) {
        double[] res = st.certified.clone();
        int[] todo = Arrays.stream(BatchRows.range(res.length)).filter(i -> Double.isNaN(res[i])).toArray();
        doubleForwards += todo.length;
        try (MemoryWorkspace ws = LoopWorkspace.open("certificate")) { // the double forward pass's arrays: freed here
            if (todo.length == res.length) {
                System.arraycopy(relativeResiduals(st.x, st.y), 0, res, 0, res.length);
            } else if (todo.length > 0) {
                double[] r = relativeResiduals(BatchRows.rows(st.x, todo), BatchRows.rows(st.y, todo));
                for (int k = 0; k < todo.length; k++) {
                    res[todo[k]] = r[k];
                }
            }
        }
        InverseStatus[] status = new InverseStatus[res.length];
        for (int i = 0; i < res.length; i++) {
            status[i] = res[i] + st.certifiedError[i] < o.tolerance() ? InverseStatus.RECOVERED : st.failure[i];
        }
        return new BatchInversion(st.x, status, st.iterations, res, st.cycle);
    }

    /**
     * Solves op(x) = rhs per sample from x0 (null = zero) to the per-sample relative tolerances; the result's x has
     * rhs's shape, with the relative residual at which each sample's solve ended (DESIGN §5.5).
     */
    BatchedKrylov.Result solveWithResiduals(UnaryOperator<INDArray> op4d, INDArray rhs, INDArray x0, double[] tol,
                                            InverseOptions o) {
        long[] shape = rhs.shape();
        UnaryOperator<INDArray> op2d = v -> {
            matVecs += shape[0];
            return BatchRows.flat(op4d.apply(v.reshape(shape)));
        };
        BatchedKrylov.Result r = symmetric
                ? BatchedKrylov.cg(op2d, BatchRows.flat(rhs), x0 == null ? null : BatchRows.flat(x0), tol, o.maxKrylovIterations())
                : BatchedKrylov.bicgstab(op2d, BatchRows.flat(rhs), x0 == null ? null : BatchRows.flat(x0), tol, o.maxKrylovIterations());
        return new BatchedKrylov.Result(r.x().reshape(shape), r.relativeResidual(), r.iterations(), r.breakdown());
    }
}
