package io.github.invertible.inversion;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The split variant, P = I + ½ W2 W1, one operator for every step (relu(p) = ½p + ½|p|):
 * (I + ½W2W1) x_{t+1} = y − b2 − ½W2b1 − ½W2|W1 x_t + b1| (DESIGN §4.3).
 */
final class ProposedSplitMethod implements InverseStrategy {
    @Override
    public INDArray convDirection(ConvContext c, INDArray r, INDArray pre, double[] tol) {
        return c.solve(v -> c.unit().applyLinearised(v, 0.5), r, tol);
    }

    @Override
    public boolean dampsCycles() {
        return false;
    }

    @Override
    public void convReference(ConvDoubleReference ref, ConvInversionState st, InverseOptions o) {
        ref.split(st, o);
    }

    @Override
    public SampleInversion dense(DenseResidualInverter inverter, double[] y, InverseOptions o) {
        return inverter.split(y, o);
    }
}
