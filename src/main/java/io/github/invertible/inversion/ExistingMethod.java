package io.github.invertible.inversion;

import org.nd4j.linalg.api.ndarray.INDArray;

/** i-ResNet's fixed point x ← y − g(x), i.e. P = I (DESIGN §4.1). Converges when Lip(g) &lt; 1. */
final class ExistingMethod implements InverseStrategy {
    @Override
    public INDArray convDirection(ConvContext c, INDArray r, INDArray pre, double[] tol) {
        return r;
    }

    @Override
    public boolean dampsCycles() {
        return false;
    }

    @Override
    public void convReference(ConvDoubleReference ref, ConvInversionState st, InverseOptions o) {
        ref.existing(st, o);
    }

    @Override
    public SampleInversion dense(DenseResidualInverter inverter, double[] y, InverseOptions o) {
        return inverter.existing(y, o);
    }
}
