package io.github.invertible.inversion;

/** i-ResNet's fixed point x ← y − g(x), i.e. the step s = y − F(x) (DESIGN §4.1). Converges when Lip(g) &lt; 1. */
final class ExistingMethod implements InverseStrategy {
    @Override
    public ConvDirection startConv(int samples) {
        return (c, r, pre, tol) -> r;
    }

    @Override
    public StepPolicy policy() {
        return StepPolicy.FULL_STEP;
    }

    @Override
    public SampleInversion dense(DenseResidualInverter inverter, double[] y, InverseOptions o) {
        return inverter.existing(y, o);
    }
}
