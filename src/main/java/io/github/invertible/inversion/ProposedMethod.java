package io.github.invertible.inversion;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The activation-pattern fixed point, P = I + W2 D(x) W1 with D the pattern of the current iterate: Newton's
 * method on the piecewise-linear F, x ← (I + W2 D W1)⁻¹ (y − b2 − W2 D b1) (DESIGN §4.2); cycles of patterns
 * are damped by its policy, {@link CycleDamping}.
 */
final class ProposedMethod implements InverseStrategy {
    private static final StepPolicy POLICY = new CycleDamping();

    @Override
    public ConvDirection startConv(int samples) {
        return (c, r, pre, tol) -> {
            INDArray d = pre.gt(0).castTo(r.dataType());
            return c.solve(v -> c.unit().applyJacobian(v, d), r, tol);
        };
    }

    @Override
    public StepPolicy policy() {
        return POLICY;
    }

    @Override
    public SampleInversion dense(DenseResidualInverter inverter, double[] y, InverseOptions o) {
        return inverter.proposed(y, o);
    }
}
