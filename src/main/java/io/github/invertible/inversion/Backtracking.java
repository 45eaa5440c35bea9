package io.github.invertible.inversion;

import java.util.function.Function;

/**
 * The cycle rule of the dense path's activation-pattern method (DESIGN §4.4): once a sample returns to a pattern it
 * left, each Newton step is shortened to x + β(newton − x) with the largest β = 2^-j, j &lt; {@link #MAX_HALVINGS},
 * that decreases ‖F(x) − y‖ by Armijo's factor (1 − 10⁻⁴β); a step that no β shortens into a decrease leaves the
 * sample stuck in its cycle. The convolutional paths damp instead ({@link CycleDamping}): a line search there would
 * cost a batched forward pass per halving.
 */
final class Backtracking {
    /** Halvings tried before a step counts as stuck. */
    static final int MAX_HALVINGS = 40;
    /** Armijo's sufficient-decrease constant. */
    static final double ARMIJO = 1e-4;

    private Backtracking() {
    }

    /**
     * The shortened step from {@code x} towards {@code newton}, or null if no halving decreases the residual.
     *
     * @param residual x ↦ ‖F(x) − y‖ / ‖y‖ of the sample being inverted
     */
    static double[] step(double[] x, double[] newton, Function<double[], Double> residual) {
        double r0 = residual.apply(x);
        double beta = 1;
        for (int j = 0; j < MAX_HALVINGS; j++, beta *= 0.5) {
            double[] cand = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                cand[i] = x[i] + beta * (newton[i] - x[i]);
            }
            if (residual.apply(cand) < (1 - ARMIJO * beta) * r0) {
                return cand;
            }
        }
        return null;
    }
}
