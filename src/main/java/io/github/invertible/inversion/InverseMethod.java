package io.github.invertible.inversion;

/** The residual-unit inverse algorithms of DESIGN §2.2. */
public enum InverseMethod {
    /** Behrmann et al. fixed point x_{t+1} = y − g(x_t). */
    EXISTING,
    /** Activation-pattern fixed point x_{t+1} = (I + W2 D_t W1)⁻¹ (y − b2 − W2 D_t b1) (Newton on F). */
    PROPOSED,
    /** Split variant (I + ½W2W1) x_{t+1} = y − b2 − ½W2b1 − ½W2|W1 x_t + b1|. */
    PROPOSED_SPLIT
}
