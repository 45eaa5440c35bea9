package io.github.invertible.experiments;

/**
 * One test digit inverted by one method.
 *
 * @param index        index in the test set
 * @param label        its class
 * @param relErrPct    100 · ‖x̂ − x‖ / ‖x‖
 * @param certified    every piece certified its inverse (‖F(x̂) − y‖/‖y‖ below tolerance)
 * @param unitIters    outer iterations per residual unit, top unit first
 * @param failure      null, or "vertex: STATUS" of the first piece that failed
 * @param recovered    the recovered image (input shape, flattened)
 */
public record SampleOutcome(int index, int label, double relErrPct, boolean certified, int[] unitIters,
                            String failure, double[] recovered) {
}
