package io.github.invertible.training;

/** The loss became NaN or infinite: training stops rather than save a broken model. */
public class TrainingDivergedException extends io.github.invertible.common.UserError {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
