package io.github.invertible.inversion.piece;

import io.github.invertible.inversion.BatchInversion;
import io.github.invertible.inversion.ConvResidualInverter;
import io.github.invertible.inversion.FeatureStageInverter;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.inversion.InverseOptions;
import io.github.invertible.inversion.InverseStatus;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One invertible vertex of a network's feature stage (DESIGN §3), DOUBLE precision: its forward map, output shape,
 * linearisation (JVP, vector–Jacobian product and their inverses) and certified inverse side by side, one class per
 * family. The stage inverter and the inverse Jacobian walk pieces through this interface only.
 */
public interface InvertiblePiece {
    /** The graph vertex this piece mirrors. */
    String name();

    INDArray forward(INDArray x);

    /** The shape of {@code forward(x)} for an input of the given shape (first axis = batch). */
    long[] outputShape(long[] inputShape);

    BatchInversion invert(INDArray y, InverseMethod method, InverseOptions options);

    /**
     * The inverse, where {@code ontoRange} maps a representation off the piece's range to the nearest input
     * (the channel padding drops its channels, DESIGN §8.3); a piece onto its whole space ignores it.
     */
    default BatchInversion invert(INDArray y, InverseMethod method, InverseOptions options, boolean ontoRange) {
        return invert(y, method, options);
    }

    /** The piece linearised at the input batch x. */
    Linearisation linearise(INDArray x);

    /** J at a point and its inverse (the pseudo-inverse for a piece that is not onto, such as the padding). */
    interface Linearisation {
        /** J v (v has the input's shape). */
        INDArray jvp(INDArray v);

        /** Jᵀ w (w has the output's shape). */
        INDArray vjp(INDArray w);

        /** J⁻¹ v (v has the output's shape). */
        INDArray inverseJvp(INDArray v);

        /** J⁻ᵀ w (w has the input's shape). */
        INDArray inverseVjp(INDArray w);
    }

    /** Settings of the pieces that iterate (see {@link FeatureStageInverter}); other pieces ignore them. */
    record Tuning(boolean mixedPrecision, boolean certifyFromBase, int chunkSize) {
        public static Tuning defaults() {
            return new Tuning(true, true, ConvResidualInverter.DEFAULT_CHUNK_SIZE);
        }
    }

    default void tune(Tuning t) {
    }

    /**
     * Work done so far, per sample: {operator applications, double-precision forward passes}; null for a piece
     * that does not iterate.
     */
    default long[] work() {
        return null;
    }

    /** Pieces with a closed-form inverse: every sample recovered in one step, residual 0. */
    static BatchInversion exact(INDArray x) {
        int n = (int) x.size(0);
        InverseStatus[] status = new InverseStatus[n];
        java.util.Arrays.fill(status, InverseStatus.RECOVERED);
        return new BatchInversion(x, status, new int[n], new double[n], new boolean[n]);
    }

    /** The linearisation of a residual unit: its pattern Jacobian at x, inverted by the operator's own solve. */
    static Linearisation ofOperator(ResidualOperator op, INDArray x, double solveTolerance) {
        INDArray d = op.pattern(x);
        return new Linearisation() {
            @Override
            public INDArray jvp(INDArray v) {
                return op.jacobian(v, d);
            }

            @Override
            public INDArray vjp(INDArray w) {
                return op.jacobianAdjoint(w, d);
            }

            @Override
            public INDArray inverseJvp(INDArray v) {
                return op.solve(v, d, solveTolerance);
            }

            @Override
            public INDArray inverseVjp(INDArray w) {
                return op.solveAdjoint(w, d, solveTolerance);
            }
        };
    }
}
