package io.github.invertible.inversion;

import io.github.invertible.inversion.piece.InvertiblePiece;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import io.github.invertible.model.LinearOperator;
import io.github.invertible.model.PowerIteration;

import java.util.ArrayList;
import java.util.List;

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
 * σ_min. All in double; every piece supplies its own linearisation ({@link InvertiblePiece#linearise}): a
 * convolutional unit solves with batched matrix-free Krylov methods (CG when tied, else BiCGSTAB), a dense unit
 * directly.
 */
public final class InverseJacobian {

    /** Input side first. */
    private final List<InvertiblePiece.Linearisation> pieces;
    private final long[] inputShape;
    private final long[] outputShape;
    private final List<InvertiblePiece> chain;
    private final INDArray at;

    private InverseJacobian(List<InvertiblePiece.Linearisation> pieces, long[] inputShape, long[] outputShape,
                            List<InvertiblePiece> chain, INDArray at) {
        this.pieces = pieces;
        this.inputShape = inputShape;
        this.outputShape = outputShape;
        this.chain = chain;
        this.at = at;
    }

    /** K of {@code chain} (input side first) linearised at the chain's input {@code x} (a batch). */
    static InverseJacobian of(List<InvertiblePiece> chain, INDArray x) {
        List<InvertiblePiece.Linearisation> lin = new ArrayList<>();
        INDArray z = x.castTo(DataType.DOUBLE);
        long[] in = z.shape();
        for (InvertiblePiece p : chain) {
            lin.add(p.linearise(z));
            z = p.forward(z);
        }
        return new InverseJacobian(lin, in, z.shape(), chain, x.castTo(DataType.DOUBLE));
    }

    /** K v: v has the shape of the chain's output (a batch), the result that of its input. */
    public INDArray apply(INDArray v) {
        INDArray z = v.castTo(DataType.DOUBLE);
        for (int i = pieces.size() - 1; i >= 0; i--) {
            z = pieces.get(i).inverseJvp(z);
        }
        return z;
    }

    /** Kᵀ w: w has the shape of the chain's input, the result that of its output. */
    public INDArray applyTranspose(INDArray w) {
        INDArray z = w.castTo(DataType.DOUBLE);
        for (InvertiblePiece.Linearisation p : pieces) {
            z = p.inverseVjp(z);
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
     * amplification of the linearised inverse, 1/σ_min for one unit) and the most iterations any sample ran.
     */
    public record Worst(INDArray direction, double[] sigma, int iterations) {
    }

    /**
     * The project's power iteration ({@link PowerIteration}) on KᵀK, per sample, from a seeded random start, until
     * the sample's estimate changes by less than {@code relTol} relative between iterations (or {@code maxIter}).
     */
    public Worst worstDirection(int maxIter, double relTol, long seed) {
        int n = (int) outputShape[0];
        java.util.Random rnd = new java.util.Random(seed);
        double[] start = new double[(int) java.util.Arrays.stream(outputShape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < start.length; i++) {
            start[i] = rnd.nextGaussian();
        }
        INDArray all = Nd4j.createFromArray(start).reshape(outputShape);
        INDArray dir = Nd4j.create(DataType.DOUBLE, outputShape);
        int most = 0;
        for (int s = 0; s < n; s++) {
            // K of this one sample (each sample's K is its own block of the batch's)
            InverseJacobian k = of(chain, at.get(NDArrayIndex.interval(s, s + 1)).dup());
            int[] count = new int[1];
            INDArray u = all.get(NDArrayIndex.interval(s, s + 1)).dup();
            PowerIteration.run(k.operator(count), u, relTol, maxIter);
            dir.get(NDArrayIndex.interval(s, s + 1)).assign(u);
            most = Math.max(most, count[0]);
        }
        return new Worst(dir, rowNorms(apply(dir)), most); // σ along the returned direction itself
    }

    /** K as the operator of the power iteration, counting its applications. */
    private LinearOperator operator(int[] count) {
        return new LinearOperator() {
            @Override
            public INDArray apply(INDArray u) {
                count[0]++;
                return InverseJacobian.this.apply(u);
            }

            @Override
            public INDArray applyAdjoint(INDArray v) {
                return applyTranspose(v);
            }

            @Override
            public INDArray newInputVector() {
                return Nd4j.randn(DataType.DOUBLE, outputShape);
            }

            @Override
            public long[] inputShape() {
                return outputShape;
            }
        };
    }

    static double[] rowNorms(INDArray a) {
        return a.reshape(a.size(0), -1).norm2(1).toDoubleVector();
    }
}
