package io.github.invertible.inversion;

import io.github.invertible.inversion.piece.ConvResidualMap;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.UnaryOperator;

/**
 * One residual-unit inverse method (DESIGN §4): the next step of x ← x + β s and the {@link StepPolicy} that
 * chooses β. The drivers are shells for precision, batching and certificates ({@link ConvDriver} in mixed or all
 * double precision for convolutional units, {@link DenseResidualInverter} for dense ones); the method owns its
 * iteration. Register a new method as one constant of {@link InverseMethod}.
 */
public interface InverseStrategy {

    /** What a method may use of a convolutional unit while the driver iterates. */
    interface ConvContext {
        ConvResidualMap unit();

        /** Solves op(s) = rhs per sample, from zero, to the given relative tolerances (CG or BiCGSTAB). */
        INDArray solve(UnaryOperator<INDArray> op, INDArray rhs, double[] tol);

        /** The sample ids (of the batch) of the current rows: rows leave the working set as samples finish. */
        int[] samples();
    }

    /** The directions of one batch's iteration: a method with memory keeps it here, per sample id. */
    @FunctionalInterface
    interface ConvDirection {
        /**
         * The step s for every working row, in the precision of r (FLOAT in the mixed-precision driver).
         *
         * @param r   residuals y − F(x) [N,C,H,W]
         * @param pre pre-activations W1 x + b1 at the current iterates [N,K,H,W]
         * @param tol per-row relative tolerance of a linear solve
         */
        INDArray direction(ConvContext c, INDArray r, INDArray pre, double[] tol);

        /** The batch is done: a method with memory frees the arrays it kept (now, not at the next collection). */
        default void release() {
        }
    }

    /** The directions of a new batch of {@code samples} samples (a memoryless method returns its one rule). */
    ConvDirection startConv(int samples);

    /** How far each step goes: one policy object per method, the same in every precision. */
    StepPolicy policy();

    /** One sample of a dense unit (DESIGN §4.5). */
    SampleInversion dense(DenseResidualInverter inverter, double[] y, InverseOptions o);
}
