package io.github.invertible.model;

import io.github.invertible.model.constraint.Constraints;
import io.github.invertible.model.constraint.Lipschitz;
import io.github.invertible.model.constraint.Tied;
import io.github.invertible.model.constraint.Unconstrained;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.shade.jackson.annotation.JsonCreator;

import java.io.Serializable;

/**
 * How a residual branch is kept invertible (DESIGN §3.5), an open type with one class per case in
 * {@link io.github.invertible.model.constraint}: {@code none}, {@code tied} (W2 = α W1ᵀ) or {@code lipschitz:c}
 * (spectral normalisation so that ‖W2‖ ‖W1‖ ≤ c). Each case builds its residual layers, attaches what runs after
 * every update, projects before saving, and says what the inverse side may count on; nothing outside the cases
 * tests which one it is. Parsed from and printed as exactly the strings above ({@link Constraints} lists the
 * cases), so model metadata written by any release reads back unchanged.
 */
public interface ConstraintMode extends Serializable {

    ConstraintMode NONE = Unconstrained.INSTANCE;
    ConstraintMode TIED = Tied.INSTANCE;

    static ConstraintMode lipschitz(double c) {
        return new Lipschitz(c);
    }

    /** The case named by {@code text} (case-insensitive, trimmed); IllegalArgumentException naming a bad value. */
    @JsonCreator
    static ConstraintMode parse(String text) {
        return Constraints.parse(text);
    }

    /** A convolutional residual unit of this mode (tied units carry log α instead of W2); by default a free W2. */
    default ResidualConvUnit convUnit(int channels, int hidden, int kernelSize) {
        return new ResidualConvUnit(channels, hidden, kernelSize, false);
    }

    /** A dense residual unit of this mode; by default a free W2. */
    default ResidualDenseUnit denseUnit(int inputs, int hidden) {
        return new ResidualDenseUnit(inputs, hidden, false);
    }

    /**
     * Attaches what runs after every update to a residual unit's built layer configuration (SameDiff layers ignore
     * builder constraints); nothing for modes without one.
     */
    default void attachTo(org.deeplearning4j.nn.conf.layers.Layer unit) {
    }

    /** Brings the freshly initialised weights of {@code net} inside the constraint (nothing if they always are). */
    default void afterInit(ComputationGraph net) {
    }

    /**
     * Makes the weights about to be saved meet the constraint (the per-update projection lags the weights).
     *
     * @return whether the weights may have changed (nothing to do, by default)
     */
    default boolean beforeSaving(ComputationGraph net) {
        return false;
    }

    /** Whether every residual unit is invertible by construction (the inverse side may count on a solution). */
    boolean guaranteesInvertibility();

    /** The mode in a default model name: tied, none, lipschitz-0.9 (no ':' in file names). */
    String nameToken();

    /** The string form parsed by {@link #parse} (and written to model metadata). */
    @Override
    String toString();
}
