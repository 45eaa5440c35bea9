package io.github.invertible.inversion;

/**
 * Knobs of the residual-unit inverses.
 *
 * @param tolerance           a sample is RECOVERED only if ‖F(x̂) − y‖/‖y‖ is below this
 * @param targetResidual      the iterations stop once their (cheap) residual estimate is below this;
 *                            smaller than {@code tolerance} so the certificate has headroom
 * @param maxIterations       outer iteration budget per sample
 * @param divergenceThreshold DIVERGED when ‖x_t‖ exceeds this times max(‖y‖, 1)
 * @param krylovTolerance     relative residual at which the matrix-free linear solves stop
 * @param maxKrylovIterations budget of each matrix-free linear solve
 */
public record InverseOptions(double tolerance, double targetResidual, int maxIterations,
                             double divergenceThreshold, double krylovTolerance, int maxKrylovIterations) {

    public static final double DEFAULT_TOLERANCE = 1e-6;

    public InverseOptions {
        if (!(tolerance > 0) || !(targetResidual > 0) || maxIterations < 1 || !(divergenceThreshold > 1)
                || !(krylovTolerance > 0) || maxKrylovIterations < 1) {
            throw new IllegalArgumentException("invalid inverse options: " + this);
        }
    }

    /** tolerance 1e-6, target 1e-10, 200 iterations, divergence at 1e8, Krylov 1e-10 / 300. */
    public static InverseOptions defaults() {
        return new InverseOptions(DEFAULT_TOLERANCE, 1e-10, 200, 1e8, 1e-10, 300);
    }

    public InverseOptions withTolerance(double t) {
        return new InverseOptions(t, Math.min(targetResidual, t), maxIterations, divergenceThreshold,
                krylovTolerance, maxKrylovIterations);
    }

    public InverseOptions withTargetResidual(double t) {
        return new InverseOptions(tolerance, t, maxIterations, divergenceThreshold, krylovTolerance,
                maxKrylovIterations);
    }

    public InverseOptions withMaxIterations(int m) {
        return new InverseOptions(tolerance, targetResidual, m, divergenceThreshold, krylovTolerance,
                maxKrylovIterations);
    }

    public InverseOptions withDivergenceThreshold(double d) {
        return new InverseOptions(tolerance, targetResidual, maxIterations, d, krylovTolerance,
                maxKrylovIterations);
    }

    public InverseOptions withKrylov(double tol, int maxIter) {
        return new InverseOptions(tolerance, targetResidual, maxIterations, divergenceThreshold, tol, maxIter);
    }
}
