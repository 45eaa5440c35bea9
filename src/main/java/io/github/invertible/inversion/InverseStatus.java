package io.github.invertible.inversion;

/** Outcome of inverting one sample through a residual unit. Only {@link #RECOVERED} is a success. */
public enum InverseStatus {
    /** Certified: the relative residual ‖F(x̂) − y‖/‖y‖ is below the tolerance. */
    RECOVERED,
    /** The iterate blew up (non-finite or beyond the divergence threshold). */
    DIVERGED,
    /** The activation-pattern iteration revisited a pattern and the damped fallback did not converge. */
    CYCLED,
    /**
     * A linear system of the iteration was singular (or numerically so): on a dense unit, LU found it singular; on a
     * convolutional unit, three Krylov solves in a row ended above the loosest forcing tolerance (DESIGN §5.5).
     */
    SINGULAR,
    /** The iteration budget ran out without a certified result. */
    BUDGET_EXHAUSTED,
    /** y is not in the range of the map (e.g. padded channels that are not zero). */
    NOT_IN_RANGE
}
