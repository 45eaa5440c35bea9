package io.github.invertible.training;

/**
 * What one finished epoch measured. {@code validationAccuracyPct} is null when the run held out no validation
 * images ({@code --validation 0}) and in the records of earlier releases (DESIGN §9).
 */
public record EpochRecord(int epoch, double testAccuracyPct, double seconds, double samplesPerSecond,
                          double lastLoss, Double validationAccuracyPct) {
    /** An epoch without a validation split. */
    public EpochRecord(int epoch, double testAccuracyPct, double seconds, double samplesPerSecond, double lastLoss) {
        this(epoch, testAccuracyPct, seconds, samplesPerSecond, lastLoss, null);
    }
}
