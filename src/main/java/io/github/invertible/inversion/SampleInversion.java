package io.github.invertible.inversion;

/** Result of inverting one sample; see {@link BatchInversion} for the meaning of the fields. */
public record SampleInversion(double[] x, InverseStatus status, int iterations, double residual,
                              boolean cycleDetected) {

    public boolean recovered() {
        return status == InverseStatus.RECOVERED;
    }
}
