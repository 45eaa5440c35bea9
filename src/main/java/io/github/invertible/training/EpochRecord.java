package io.github.invertible.training;

import io.github.invertible.model.UnitStatistics;

import java.util.Map;

/**
 * What one finished epoch measured. {@code validationAccuracyPct} is null when the run held out no validation
 * images ({@code --validation 0}) and in the records of earlier releases (DESIGN §9); {@code units} (α and the
 * spectral norms of every residual unit after the epoch, DESIGN §6.2) is null in the records of earlier releases and
 * empty for networks without residual units.
 */
public record EpochRecord(int epoch, double testAccuracyPct, double seconds, double samplesPerSecond,
                          double lastLoss, Double validationAccuracyPct, Map<String, UnitStatistics.Unit> units) {
    /** An epoch without a validation split. */
    public EpochRecord(int epoch, double testAccuracyPct, double seconds, double samplesPerSecond, double lastLoss) {
        this(epoch, testAccuracyPct, seconds, samplesPerSecond, lastLoss, null, null);
    }

    /** An epoch of a release before the units were recorded. */
    public EpochRecord(int epoch, double testAccuracyPct, double seconds, double samplesPerSecond, double lastLoss,
                       Double validationAccuracyPct) {
        this(epoch, testAccuracyPct, seconds, samplesPerSecond, lastLoss, validationAccuracyPct, null);
    }
}
