package io.github.invertible.inversion.piece;

import io.github.invertible.inversion.BatchRows;
import io.github.invertible.inversion.linalg.BatchedKrylov;
import io.github.invertible.inversion.LoopWorkspace;
import io.github.invertible.inversion.linalg.Matrices;
import io.github.invertible.model.ConvKernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A convolutional residual unit y = x + conv(σ(conv(x, W1) + b1), W2) + b2 in double precision:
 * W1 [K,C,kh,kw], b1 [K], W2 [C,K,kh,kw], b2 [C] (DL4J layout [out,in,kH,kW]), stride 1, SAME zero
 * padding, odd kernel, cross-correlation, NCHW batches [N,C,H,W]. Never materialises the operator. The one
 * place of this family's math (DESIGN §3.1); {@code model.ResidualConvUnit.defineLayer} is its training path.
 * <p>Named a map, not a unit, to keep it apart from {@code model.ResidualConvUnit}, the DL4J layer it mirrors.
 */
public final class ConvResidualMap implements ResidualOperator {
    /** Budget of the Krylov solves of {@link #solve} and {@link #solveAdjoint}. */
    static final int SOLVE_MAX_ITER = 2000;


    private final INDArray w1;
    private final INDArray b1;
    private final INDArray w2;
    private final INDArray b2;
    private final INDArray w1yxio; // kernels in the layout ND4J conv2d expects
    private final INDArray w2yxio;
    // float copies for the cheap (oneDNN) convolutions of the mixed-precision inverses
    private final INDArray w1yxioF;
    private final INDArray w2yxioF;
    private final INDArray b1vec;
    private final INDArray b2vec;
    private final INDArray b1vecF;
    private final INDArray b2vecF;
    private final Conv2DConfig config;
    private final int channels;
    private final int hidden;
    private final double tiedScale;

    public ConvResidualMap(INDArray w1, INDArray b1, INDArray w2, INDArray b2) {
        if (w1.rank() != 4 || w2.rank() != 4) {
            throw new IllegalArgumentException("kernels must be [out,in,kH,kW]");
        }
        this.hidden = (int) w1.size(0);
        this.channels = (int) w1.size(1);
        long kh = w1.size(2);
        long kw = w1.size(3);
        if (kh % 2 == 0 || kw % 2 == 0) {
            throw new IllegalArgumentException("SAME padding inverse needs odd kernels, got " + kh + "x" + kw);
        }
        if (w2.size(0) != channels || w2.size(1) != hidden || w2.size(2) != kh || w2.size(3) != kw
                || b1.length() != hidden || b2.length() != channels) {
            throw new IllegalArgumentException("shape mismatch: W1 " + java.util.Arrays.toString(w1.shape())
                    + ", W2 " + java.util.Arrays.toString(w2.shape()) + ", b1 " + b1.length() + ", b2 " + b2.length());
        }
        this.w1 = w1.castTo(DataType.DOUBLE).dup('c');
        this.w2 = w2.castTo(DataType.DOUBLE).dup('c');
        this.b1 = b1.castTo(DataType.DOUBLE).reshape(1, hidden, 1, 1).dup('c');
        this.b2 = b2.castTo(DataType.DOUBLE).reshape(1, channels, 1, 1).dup('c');
        for (INDArray a : new INDArray[]{this.w1, this.w2, this.b1, this.b2}) {
            Matrices.requireFinite(a, "conv unit parameters");
        }
        this.w1yxio = this.w1.permute(2, 3, 1, 0).dup('c');
        this.w2yxio = this.w2.permute(2, 3, 1, 0).dup('c');
        this.w1yxioF = w1yxio.castTo(DataType.FLOAT);
        this.w2yxioF = w2yxio.castTo(DataType.FLOAT);
        this.b1vec = this.b1.reshape(hidden).dup();
        this.b2vec = this.b2.reshape(channels).dup();
        this.b1vecF = b1vec.castTo(DataType.FLOAT);
        this.b2vecF = b2vec.castTo(DataType.FLOAT);
        this.tiedScale = tiedScaleOf();
        this.config = Conv2DConfig.builder().kH(kh).kW(kw).sH(1).sW(1).dH(1).dW(1)
                .paddingMode(PaddingMode.SAME).dataFormat("NCHW").build();
    }

    /**
     * Kernel of the adjoint convolution: transposed in channels and flipped spatially,
     * adjoint(W)[c,k,i,j] = W[k,c,kh−1−i,kw−1−j].
     */
    public static INDArray adjointKernel(INDArray w) {
        return ConvKernels.adjoint(w.castTo(DataType.DOUBLE));
    }

    /** The tied unit W2 = α·adjoint(W1) (invertible at any α &gt; 0). */
    public static ConvResidualMap tied(INDArray w1, INDArray b1, double alpha, INDArray b2) {
        return new ConvResidualMap(w1, b1, adjointKernel(w1.castTo(DataType.DOUBLE)).muli(alpha), b2);
    }

    public int channels() {
        return channels;
    }

    public int hiddenChannels() {
        return hidden;
    }

    public long kernelHeight() {
        return w1.size(2);
    }

    public long kernelWidth() {
        return w1.size(3);
    }

    public INDArray w1() {
        return w1.dup();
    }

    public INDArray w2() {
        return w2.dup();
    }

    /** b1 as a [K] vector. */
    public INDArray b1() {
        return b1.reshape(hidden).dup();
    }

    /** b2 as a [C] vector. */
    public INDArray b2() {
        return b2.reshape(channels).dup();
    }

    /**
     * α &gt; 0 if W2 = α·adjoint(W1) up to relative 1e-10 (then I + W2 D W1 is symmetric positive definite
     * and CG applies), otherwise NaN.
     */
    public double tiedScale() {
        return tiedScale;
    }

    private double tiedScaleOf() {
        INDArray adj = adjointKernel(w1);
        double nn = adj.norm2Number().doubleValue();
        if (nn == 0) {
            return Double.NaN;
        }
        double alpha = adj.mul(w2).sumNumber().doubleValue() / (nn * nn);
        double dev = w2.sub(adj.mul(alpha)).norm2Number().doubleValue();
        return alpha > 0 && dev <= 1e-10 * w2.norm2Number().doubleValue() ? alpha : Double.NaN;
    }

    private static boolean isFloat(INDArray a) {
        return a.dataType() == DataType.FLOAT;
    }

    /**
     * conv(x, W1) without bias: [N,C,H,W] → [N,K,H,W]. In the precision of x: FLOAT input uses float
     * kernels (fast oneDNN path), anything else the double kernels.
     */
    public INDArray convIn(INDArray x) {
        return Nd4j.cnn().conv2d(x, isFloat(x) ? w1yxioF : w1yxio, config);
    }

    /** conv(h, W2) without bias: [N,K,H,W] → [N,C,H,W], in the precision of h (see {@link #convIn}). */
    public INDArray convOut(INDArray h) {
        return Nd4j.cnn().conv2d(h, isFloat(h) ? w2yxioF : w2yxio, config);
    }

    /** z += b1 per channel, in place (z [N,K,H,W], FLOAT or DOUBLE). */
    INDArray addHiddenBiasi(INDArray z) {
        return Broadcast.add(z, isFloat(z) ? b1vecF : b1vec, z, 1);
    }

    /** z += b2 per channel, in place (z [N,C,H,W], FLOAT or DOUBLE). */
    INDArray addOutputBiasi(INDArray z) {
        return Broadcast.add(z, isFloat(z) ? b2vecF : b2vec, z, 1);
    }

    /** conv(x, W1) + b1, in the precision of x. */
    public INDArray preActivation(INDArray x) {
        return addHiddenBiasi(convIn(x));
    }

    /** The bias image b1 broadcast to [n,K,H,W], for terms like W2 D b1. */
    public INDArray hiddenBias(long n, long h, long w) {
        return b1.broadcast(n, hidden, h, w).dup();
    }

    public INDArray outputBias(long n, long h, long w) {
        return b2.broadcast(n, channels, h, w).dup();
    }

    /** g(x) = conv(σ(conv(x, W1) + b1), W2) + b2. */
    public INDArray branch(INDArray x) {
        INDArray h = Transforms.relu(preActivation(x), false);
        return addOutputBiasi(convOut(h));
    }

    /** g from a given pre-activation p = W1 x + b1 (p is kept): conv(σ(p), W2) + b2, in the precision of p. */
    public INDArray branchFromPreActivation(INDArray p) {
        return addOutputBiasi(convOut(Transforms.relu(p, true)));
    }

    /**
     * g(x + δ) − g(x) = W2 [σ(p + u) − σ(p)] with u = W1 δ, written as W2 [max(u, −p) + min(p, 0)] so that its
     * rounding error is relative to |u|, not |p| (DESIGN §5.1). Overwrites u.
     *
     * @param negPre −p
     * @param minPre min(p, 0)
     */
    public INDArray branchIncrement(INDArray u, INDArray negPre, INDArray minPre) {
        return convOut(Transforms.max(u, negPre, false).addi(minPre));
    }

    /** F(x) = x + g(x) for a batch [N,C,H,W]. */
    public INDArray forward(INDArray x) {
        INDArray xd = x.castTo(DataType.DOUBLE);
        return branch(xd).addi(xd);
    }

    /** (I + W2 D W1) v for per-sample masks D [N,K,H,W] (0/1). */
    public INDArray applyJacobian(INDArray v, INDArray mask) {
        return convOut(convIn(v).muli(mask)).addi(v);
    }

    /**
     * Adjoint of {@link #applyJacobian}: (I + W1ᵀ D W2ᵀ) w, the transposed convolutions being convolutions with the
     * adjoint kernels (DESIGN §3.1). In the precision of w; the adjoint unit is built on first use.
     */
    public INDArray applyJacobianAdjoint(INDArray w, INDArray mask) {
        if (adjoint == null) {
            adjoint = LoopWorkspace.outside(
                    () -> new ConvResidualMap(adjointKernel(w2), b1vec, adjointKernel(w1), b2vec));
        }
        return adjoint.convOut(adjoint.convIn(w).muli(mask)).addi(w);
    }

    @Override
    public INDArray apply(INDArray x) {
        return branch(x).addi(x);
    }

    @Override
    public INDArray pattern(INDArray x) {
        return preActivation(x).gt(0).castTo(x.dataType());
    }

    @Override
    public INDArray jacobian(INDArray v, INDArray pattern) {
        return applyJacobian(v, pattern);
    }

    @Override
    public INDArray jacobianAdjoint(INDArray w, INDArray pattern) {
        return applyJacobianAdjoint(w, pattern);
    }

    /** Matrix-free: CG when the unit is tied (J_D symmetric positive definite), else BiCGSTAB. */
    @Override
    public INDArray solve(INDArray b, INDArray pattern, double tol) {
        return krylov(v -> applyJacobian(v, pattern), b, tol);
    }

    @Override
    public INDArray solveAdjoint(INDArray w, INDArray pattern, double tol) {
        return krylov(v -> applyJacobianAdjoint(v, pattern), w, tol);
    }

    private INDArray krylov(java.util.function.UnaryOperator<INDArray> op4d, INDArray b, double tol) {
        long[] shape = b.shape();
        INDArray bd = b.castTo(DataType.DOUBLE);
        java.util.function.UnaryOperator<INDArray> op = v -> BatchRows.flat(op4d.apply(v.reshape(shape)));
        INDArray flat = BatchRows.flat(bd).dup();
        double[] t = BatchedKrylov.uniform((int) shape[0], tol);
        BatchedKrylov.Result r = !Double.isNaN(tiedScale) ? BatchedKrylov.cg(op, flat, null, t, SOLVE_MAX_ITER)
                : BatchedKrylov.bicgstab(op, flat, null, t, SOLVE_MAX_ITER);
        return r.x().reshape(shape);
    }

    private ConvResidualMap adjoint;

    /** (I + c·W2 W1) v. */
    public INDArray applyLinearised(INDArray v, double c) {
        return convOut(convIn(v)).muli(c).addi(v);
    }
}
