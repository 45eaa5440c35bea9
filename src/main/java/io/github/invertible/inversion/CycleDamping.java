package io.github.invertible.inversion;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The cycle rule of the activation-pattern methods (DESIGN §4.4): a sample that returns to a pattern it left
 * before, without halving its residual in that step, is in a cycle; its steps are damped, β ← max(β/2, 1/64),
 * each time this happens. Patterns that flicker in rounding near the solution still cut the residual and are not
 * cycles. Both convolutional precisions run this one rule.
 */
final class CycleDamping implements StepPolicy {
    /** A revisit is a cycle only if the step cut the residual by less than this factor. */
    static final double HALVING = 0.5;

    @Override
    public Run start(int samples) {
        return new Run() {
            private final ActivationPatterns patterns = new ActivationPatterns();
            private ActivationPatterns.Cycles cycles;

            @Override
            public void begin(INDArray pre) {
                cycles = new ActivationPatterns.Cycles(patterns.of(pre, true));
            }

            @Override
            public double beta(int sample) {
                return cycles.damping[sample];
            }

            @Override
            public void afterStep(int[] ids, INDArray pre, double[] residual, double[] residualBefore,
                                  boolean[] cycled) {
                ActivationPatterns.Pattern[] now = patterns.of(pre, true);
                for (int i = 0; i < ids.length; i++) {
                    int s = ids[i];
                    if (cycles.revisits(s, now[i]) && residual[i] > HALVING * residualBefore[i]) {
                        cycled[i] = true;
                        cycles.damp(s);
                    }
                    cycles.move(s, now[i]);
                }
            }
        };
    }
}
