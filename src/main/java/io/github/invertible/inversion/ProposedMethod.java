package io.github.invertible.inversion;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The activation-pattern fixed point, P = I + W2 D(x) W1 with D the pattern of the current iterate: Newton's
 * method on the piecewise-linear F, x ← (I + W2 D W1)⁻¹ (y − b2 − W2 D b1) (DESIGN §4.2); cycles of patterns
 * are damped by the driver.
 */
final class ProposedMethod implements InverseStrategy {
    @Override
    public INDArray convDirection(ConvContext c, INDArray r, INDArray pre, double[] tol) {
        INDArray d = pre.gt(0).castTo(r.dataType());
        return c.solve(v -> c.unit().applyJacobian(v, d), r, tol);
    }

    @Override
    public boolean dampsCycles() {
        return true;
    }

    @Override
    public void convReference(ConvDoubleReference ref, ConvInversionState st, InverseOptions o) {
        ref.proposed(st, o);
    }

    @Override
    public SampleInversion dense(DenseResidualInverter inverter, double[] y, InverseOptions o) {
        return inverter.proposed(y, o);
    }
}
