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
    /** Consecutive Newton systems whose Krylov solve ended above {@link #UNSOLVED_RESIDUAL}, per sample. */
    final int[] unsolved;

    /**
     * A Newton system counts as unsolved when its Krylov solve ends above this relative residual: the loosest
     * forcing tolerance the drivers ever ask for (DESIGN §5.5).
     */
    static final double UNSOLVED_RESIDUAL = 1e-2;
    /** A sample is stopped as SINGULAR after this many unsolved Newton systems in a row (DESIGN §5.5). */
    static final int UNSOLVED_STEPS = 3;

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
        this.unsolved = new int[n];
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

    /**
     * Records the relative residual at which the Krylov solve of sample s's Newton system ended (NaN after a
     * breakdown); true once s has had {@link #UNSOLVED_STEPS} unsolved systems in a row, and then its failure
     * is SINGULAR.
     */
    boolean recordSolve(int s, double relativeResidual) {
        unsolved[s] = relativeResidual <= UNSOLVED_RESIDUAL ? 0 : unsolved[s] + 1;
        if (singular(s)) {
            failure[s] = InverseStatus.SINGULAR;
            return true;
        }
        return false;
    }

    /** Sample s has had {@link #UNSOLVED_STEPS} unsolved Newton systems in a row (see {@link #recordSolve}). */
    boolean singular(int s) {
        return unsolved[s] >= UNSOLVED_STEPS;
    }

    /** DIVERGED test: ‖x‖ not finite or above the threshold times max(‖y‖, 1). */
    static boolean diverged(double xNorm, double yNorm, InverseOptions o) {
        return !Double.isFinite(xNorm) || xNorm > o.divergenceThreshold() * Math.max(yNorm, 1);
    }
}
