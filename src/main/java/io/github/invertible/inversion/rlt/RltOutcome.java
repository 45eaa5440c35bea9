package io.github.invertible.inversion.rlt;

/** Outcomes of inverting a rectifier linear transform. */
public enum RltOutcome {
    /** rank(W_I) = n and x reproduces y: the preimage is the single point x. */
    RECOVERED,
    /** y is attained but rank(W_I) &lt; n: a whole affine piece of inputs maps to y. */
    NOT_UNIQUE,
    /** No x gives y (negative output, inconsistent active equations or a violated inactive inequality). */
    NOT_IN_RANGE
}
