package io.github.invertible.inversion;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How far a method moves along its direction (DESIGN §4.4): x ← x + β s with β per sample. One policy per method,
 * written once, and the same in every precision: the mixed-precision and the all-double convolutional paths ask
 * the same policy object. Register it with the method ({@link InverseStrategy#policy()}).
 */
public interface StepPolicy {

    /** Full steps, β = 1 always (the existing method, the split variant, Anderson acceleration). */
    StepPolicy FULL_STEP = n -> new Run() {
        @Override
        public double beta(int sample) {
            return 1;
        }

        @Override
        public void afterStep(int[] samples, INDArray pre, double[] residual, double[] residualBefore,
                              boolean[] cycled) {
        }
    };

    /** The policy's state for one batch of {@code samples} samples (indexed by sample id). */
    Run start(int samples);

    /** Per-batch state of a policy. */
    interface Run {
        /** Step length of this sample's next step. */
        double beta(int sample);

        /**
         * After every active sample took a step: {@code samples} are their ids, {@code pre} their new pre-activations
         * W1 x + b1 (rows in the same order), {@code residual} the relative residuals after the step and
         * {@code residualBefore} before it. Sets {@code cycled[i]} for samples that were found in a cycle.
         */
        void afterStep(int[] samples, INDArray pre, double[] residual, double[] residualBefore, boolean[] cycled);

        /** Called once before the first step with the pre-activations at the starting points (all samples). */
        default void begin(INDArray pre) {
        }
    }
}
