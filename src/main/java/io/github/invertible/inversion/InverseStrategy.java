package io.github.invertible.inversion;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.UnaryOperator;

/**
 * One residual-unit inverse method (DESIGN §4): the preconditioner P of the iteration
 * x ← x + β P⁻¹ (y − F(x)). The drivers ({@link ConvMixedDriver} for convolutional units, {@link
 * DenseResidualInverter} for dense ones) own precision, certificates, budgets and cycle handling; a
 * strategy says only how to apply P⁻¹ and whether pattern cycles must be damped. Register a new method as a
 * constant of {@link InverseMethod}.
 */
public interface InverseStrategy {

    /** What a strategy may use of a convolutional unit while the driver iterates. */
    interface ConvContext {
        ConvResidualUnit unit();

        /** Solves op(s) = rhs per sample, from zero, to the given relative tolerances (CG or BiCGSTAB). */
        INDArray solve(UnaryOperator<INDArray> op, INDArray rhs, double[] tol);
    }

    /**
     * P⁻¹ r for a convolutional unit, in the precision of r (FLOAT in the mixed-precision driver).
     *
     * @param r   residuals y − F(x) [N,C,H,W]
     * @param pre pre-activations W1 x + b1 at the current iterates [N,K,H,W]
     * @param tol per-sample relative tolerance of a linear solve
     */
    INDArray convDirection(ConvContext c, INDArray r, INDArray pre, double[] tol);

    /** True if the driver must detect activation-pattern cycles and damp them (DESIGN §4.4). */
    boolean dampsCycles();

    /** The all-double reference iteration of this method on a convolutional unit (tests and benchmarks). */
    void convReference(ConvDoubleReference ref, ConvInversionState st, InverseOptions o);

    /** One sample of a dense unit (DESIGN §4.5). */
    SampleInversion dense(DenseResidualInverter inverter, double[] y, InverseOptions o);
}
