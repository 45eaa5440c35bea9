package io.github.invertible.training;

/** What one finished epoch measured. */
public record EpochRecord(int epoch, double testAccuracyPct, double seconds, double samplesPerSecond,
                          double lastLoss) {
}
