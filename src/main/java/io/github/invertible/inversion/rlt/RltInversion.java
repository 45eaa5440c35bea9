package io.github.invertible.inversion.rlt;

/**
 * Result of inverting y = σ(W x + b). For NOT_UNIQUE the inactive inequalities are only reported
 * ({@code inactiveViolation} of the basic solution), not decided.
 *
 * @param outcome            see {@link RltOutcome}
 * @param x                  the least-squares (basic) solution of the active equations, or null when y
 *                           has a negative entry
 * @param activeCount        |I|, number of rows with y_i &gt; 0
 * @param rank               rank(W_I)
 * @param preimageDimension  n − rank (dimension of the solution set of the active equations)
 * @param residual           ‖W_I x + b_I − y_I‖ / max(‖y‖, 1)
 * @param inactiveViolation  max_j∈J (W_j x + b_j), positive when an inactive inequality is violated
 */
public record RltInversion(RltOutcome outcome, double[] x, int activeCount, int rank, int preimageDimension,
                           double residual, double inactiveViolation) {
}
