package io.github.invertible.inversion;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Per-sample state of one convolutional-unit inversion (a chunk of samples), shared by the mixed-precision driver
 * and the all-double reference; {@link ConvResidualInverter} turns it into a certified {@link BatchInversion}.
 */
public final class ConvInversionState {
    final INDArray y;
    final INDArray x;
    final InverseStatus[] failure;
    final int[] iterations;
    final boolean[] cycle;
    final double[] yNorm;
    /** ‖y − F(x)‖/‖y‖ already evaluated in double at the final x (NaN: the certificate must evaluate it). */
    final double[] certified;
    /** Bound on the rounding error of {@code certified} (0 where it is a double forward pass). */
    final double[] certifiedError;

    ConvInversionState(INDArray y) {
        int n = (int) y.size(0);
        this.certifiedError = new double[n];
        this.certified = new double[n];
        Arrays.fill(certified, Double.NaN);
        this.y = y;
        this.x = y.dup();
        this.failure = new InverseStatus[n];
        Arrays.fill(failure, InverseStatus.BUDGET_EXHAUSTED);
        this.iterations = new int[n];
        this.cycle = new boolean[n];
        double[] ny = BatchRows.norms(y);
        for (int i = 0; i < n; i++) {
            ny[i] = ny[i] > 0 ? ny[i] : 1;
        }
        this.yNorm = ny;
    }

    int size() {
        return iterations.length;
    }

    /** DIVERGED test: ‖x‖ not finite or above the threshold times max(‖y‖, 1). */
    static boolean diverged(double xNorm, double yNorm, InverseOptions o) {
        return !Double.isFinite(xNorm) || xNorm > o.divergenceThreshold() * Math.max(yNorm, 1);
    }
}
