package io.github.invertible.inversion;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The Jacobian K of the inverse of a chain of pieces (DESIGN §8.4), linearised at a batch of inputs x: for the
 * chain f = f_m ∘ … ∘ f_1 (padding's inverse dropping the padded channels, DESIGN §8.3),
 * K = J_1⁻¹ ⋯ J_m⁻¹ at y = f(x), where a squeeze's J⁻¹ is depth-to-space (orthogonal), the padding's "J⁻¹" is
 * the projection Pᵀ (drop the padded channels) and a residual unit's J⁻¹ is a linear solve with its pattern
 * Jacobian I + W2 D W1, D the activation pattern of the unit's input. Kᵀ applies the transposes in reverse order:
 * space-to-depth, zero padding P, and solves with (I + W2 D W1)ᵀ = I + W1ᵀ D W2ᵀ (the adjoint convolutions).
 *
 * <p>{@link #worstDirection} finds the top right singular vector u of K — the direction in representation space
 * along which a perturbation of y is amplified most in the recovered input — by power iteration on KᵀK. For a
 * single unit, σ_max(K) = 1/σ_min(I + W2 D W1) and u is the left singular vector of the unit's Jacobian for
 * σ_min. All in double; the solves are the batched matrix-free Krylov methods of the inverse (CG when the unit is
 * tied, its pattern Jacobian then being symmetric positive definite, else BiCGSTAB). Convolutional units only.
 */
public final class InverseJacobian {
    /** Relative residual of the linear solves. */
    static final double SOLVE_TOLERANCE = 1e-12;
    static final int SOLVE_MAX_ITER = 2000;

    /** One piece linearised at its input: K_i v and K_iᵀ w. */
    private interface Linear {
        INDArray inverse(INDArray v);

        INDArray inverseTranspose(INDArray w);
    }

    /** Input side first. */
    private final List<Linear> pieces;
    private final long[] inputShape;
    private final long[] outputShape;

    private InverseJacobian(List<Linear> pieces, long[] inputShape, long[] outputShape) {
        this.pieces = pieces;
        this.inputShape = inputShape;
        this.outputShape = outputShape;
    }

    /** K of {@code chain} (input side first) linearised at the chain's input {@code x} (a batch). */
    static InverseJacobian of(List<InvertiblePiece> chain, INDArray x) {
        List<Linear> lin = new ArrayList<>();
        INDArray z = x.castTo(DataType.DOUBLE);
        long[] in = z.shape();
        for (InvertiblePiece p : chain) {
            lin.add(linearise(p, z));
            z = p.forward(z);
        }
        return new InverseJacobian(lin, in, z.shape());
    }

    private static Linear linearise(InvertiblePiece p, INDArray z) {
        if (p instanceof NetworkPieces.Squeeze s) {
            return new Linear() {
                public INDArray inverse(INDArray v) {
                    return SpaceToDepthInverse.invert(v, s.block());
                }

                public INDArray inverseTranspose(INDArray w) {
                    return SpaceToDepthInverse.forward(w, s.block());
                }
            };
        }
        if (p instanceof NetworkPieces.Pad pad) {
            return new Linear() {
                public INDArray inverse(INDArray v) {
                    return v.get(NDArrayIndex.all(), NDArrayIndex.interval(0, pad.channelsIn())).dup();
                }

                public INDArray inverseTranspose(INDArray w) {
                    return pad.forward(w);
                }
            };
        }
        if (p instanceof NetworkPieces.ConvUnit c) {
            ConvResidualUnit unit = c.unit();
            INDArray mask = unit.preActivation(z).gt(0).castTo(DataType.DOUBLE);
            boolean symmetric = !Double.isNaN(unit.tiedScale());
            long[] shape = z.shape();
            UnaryOperator<INDArray> jac = v -> unit.applyJacobian(v.reshape(shape), mask).reshape(shape[0], -1);
            UnaryOperator<INDArray> jacT = symmetric ? jac
                    : w -> unit.applyJacobianAdjoint(w.reshape(shape), mask).reshape(shape[0], -1);
            return new Linear() {
                public INDArray inverse(INDArray v) {
                    return solve(jac, v, symmetric);
                }

                public INDArray inverseTranspose(INDArray w) {
                    return solve(jacT, w, symmetric);
                }
            };
        }
        throw new UnsupportedOperationException("inverse Jacobian: piece '" + p.name() + "' is not a squeeze, a "
                + "padding or a convolutional unit");
    }

    private static INDArray solve(UnaryOperator<INDArray> op, INDArray b, boolean symmetric) {
        long[] shape = b.shape();
        INDArray flat = b.reshape(shape[0], -1).dup();
        double[] tol = BatchedKrylov.uniform((int) shape[0], SOLVE_TOLERANCE);
        BatchedKrylov.Result r = symmetric ? BatchedKrylov.cg(op, flat, null, tol, SOLVE_MAX_ITER)
                : BatchedKrylov.bicgstab(op, flat, null, tol, SOLVE_MAX_ITER);
        return r.x().reshape(shape);
    }

    /** K v: v has the shape of the chain's output (a batch), the result that of its input. */
    public INDArray apply(INDArray v) {
        INDArray z = v.castTo(DataType.DOUBLE);
        for (int i = pieces.size() - 1; i >= 0; i--) {
            z = pieces.get(i).inverse(z);
        }
        return z;
    }

    /** Kᵀ w: w has the shape of the chain's input, the result that of its output. */
    public INDArray applyTranspose(INDArray w) {
        INDArray z = w.castTo(DataType.DOUBLE);
        for (Linear p : pieces) {
            z = p.inverseTranspose(z);
        }
        return z;
    }

    public long[] outputShape() {
        return outputShape.clone();
    }

    public long[] inputShape() {
        return inputShape.clone();
    }

    /**
     * Power iteration result per sample: u (unit rows, the chain's output shape), σ = ‖K u‖ (the largest
     * amplification of the linearised inverse, 1/σ_min for one unit) and the iterations run.
     */
    public record Worst(INDArray direction, double[] sigma, int iterations) {
    }

    /**
     * Power iteration v ← KᵀK v / ‖KᵀK v‖ from a seeded random start, until every sample's estimate σ = ‖K v‖
     * changes by less than {@code relTol} relative between iterations (or {@code maxIter}).
     */
    public Worst worstDirection(int maxIter, double relTol, long seed) {
        int n = (int) outputShape[0];
        java.util.Random rnd = new java.util.Random(seed);
        double[] start = new double[(int) java.util.Arrays.stream(outputShape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < start.length; i++) {
            start[i] = rnd.nextGaussian();
        }
        INDArray v = normaliseRows(Nd4j.createFromArray(start).reshape(outputShape));
        double[] sigma = new double[n];
        int it = 0;
        boolean converged = false;
        while (it < maxIter && !converged) {
            INDArray kv = apply(v);
            double[] s = rowNorms(kv);
            converged = it > 0;
            for (int i = 0; i < n; i++) {
                converged &= Math.abs(s[i] - sigma[i]) <= relTol * s[i];
            }
            sigma = s;
            v = normaliseRows(applyTranspose(kv));
            it++;
        }
        double[] s = rowNorms(apply(v)); // σ along the returned direction itself
        return new Worst(v, s, it);
    }

    static double[] rowNorms(INDArray a) {
        return a.reshape(a.size(0), -1).norm2(1).toDoubleVector();
    }

    static INDArray normaliseRows(INDArray a) {
        long[] shape = a.shape();
        INDArray flat = a.reshape(shape[0], -1).dup();
        flat.diviColumnVector(flat.norm2(1).reshape(shape[0], 1));
        return flat.reshape(shape);
    }
}
