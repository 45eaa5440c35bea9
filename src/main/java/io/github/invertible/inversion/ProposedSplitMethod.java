package io.github.invertible.inversion;

/**
 * The split variant, P = I + ½ W2 W1, one operator for every step (relu(p) = ½p + ½|p|):
 * (I + ½W2W1) x_{t+1} = y − b2 − ½W2b1 − ½W2|W1 x_t + b1| (DESIGN §4.3).
 */
final class ProposedSplitMethod implements InverseStrategy {
    @Override
    public ConvDirection startConv(int samples) {
        return (c, r, pre, tol) -> c.solve(v -> c.unit().applyLinearised(v, 0.5), r, tol);
    }

    @Override
    public StepPolicy policy() {
        return StepPolicy.FULL_STEP;
    }

    @Override
    public SampleInversion dense(DenseResidualInverter inverter, double[] y, InverseOptions o) {
        return inverter.split(y, o);
    }
}
