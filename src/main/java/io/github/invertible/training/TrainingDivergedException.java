package io.github.invertible.training;

/** The loss became NaN or infinite: training stops rather than save a broken model. */
public class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
