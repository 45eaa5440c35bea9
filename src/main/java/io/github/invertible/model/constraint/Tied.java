package io.github.invertible.model.constraint;

import io.github.invertible.model.ConstraintMode;
import io.github.invertible.model.ResidualConvUnit;
import io.github.invertible.model.ResidualDenseUnit;
import org.nd4j.shade.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * {@code tied}: W2 = α W1ᵀ (dense) or α·adjoint(W1) (conv), α = exp(log α) &gt; 0, so every pattern Jacobian
 * I + α W1ᵀ D W1 is symmetric positive definite and the unit invertible at any scale (DESIGN §3.5).
 */
public final class Tied implements ConstraintMode {

    static final String NAME = "tied";
    public static final Tied INSTANCE = new Tied();

    private Tied() {
    }

    static ConstraintMode parse(String text) {
        return text.toLowerCase(Locale.ROOT).equals(NAME) ? INSTANCE : null;
    }

    @Override
    public ResidualConvUnit convUnit(int channels, int hidden, int kernelSize) {
        return new ResidualConvUnit(channels, hidden, kernelSize, true);
    }

    @Override
    public ResidualDenseUnit denseUnit(int inputs, int hidden) {
        return new ResidualDenseUnit(inputs, hidden, true);
    }

    @Override
    public boolean guaranteesInvertibility() {
        return true;
    }

    @Override
    public String nameToken() {
        return NAME;
    }

    @JsonValue
    @Override
    public String toString() {
        return NAME;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tied;
    }

    @Override
    public int hashCode() {
        return NAME.hashCode();
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
