package io.github.invertible.inversion;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The recovered batch and per-sample diagnostics of a residual-unit inverse.
 * {@code x} holds the last iterate for every sample, also failed ones: check {@link #status()}.
 *
 * @param x             recovered batch, same shape as the y that was inverted
 * @param status        per-sample outcome
 * @param iterations    per-sample number of outer iterations performed
 * @param residual      per-sample certified ‖F(x̂) − y‖/‖y‖: the forward map re-applied in double, or (conv units,
 *                      mixed precision) evaluated from a double base point with a rounding bound (see
 *                      {@link ConvResidualInverter})
 * @param cycleDetected per-sample: the pattern iteration revisited an earlier pattern (PROPOSED only)
 */
public record BatchInversion(INDArray x, InverseStatus[] status, int[] iterations, double[] residual,
                             boolean[] cycleDetected) {

    public int size() {
        return status.length;
    }

    public int recoveredCount() {
        return (int) Arrays.stream(status).filter(s -> s == InverseStatus.RECOVERED).count();
    }

    public boolean allRecovered() {
        return recoveredCount() == size();
    }

    public boolean recovered(int i) {
        return status[i] == InverseStatus.RECOVERED;
    }

    public Map<InverseStatus, Integer> statusCounts() {
        Map<InverseStatus, Integer> counts = new EnumMap<>(InverseStatus.class);
        for (InverseStatus s : status) {
            counts.merge(s, 1, Integer::sum);
        }
        return counts;
    }

    public double maxResidual() {
        return Arrays.stream(residual).max().orElse(0);
    }

    /** Median of the iteration counts (lower median for even sizes). */
    public int medianIterations() {
        int[] s = iterations.clone();
        Arrays.sort(s);
        return s.length == 0 ? 0 : s[(s.length - 1) / 2];
    }

    @Override
    public String toString() {
        return "BatchInversion{n=" + size() + ", " + statusCounts() + ", maxResidual=" + maxResidual()
                + ", medianIterations=" + medianIterations() + "}";
    }
}
