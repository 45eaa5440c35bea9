package io.github.invertible.model.constraint;

import io.github.invertible.model.ConstraintMode;
import org.nd4j.shade.jackson.annotation.JsonValue;

import java.util.Locale;

/** {@code none}: free W1 and W2; a unit may fold and have no inverse (DESIGN §3.5). */
public final class Unconstrained implements ConstraintMode {

    static final String NAME = "none";
    public static final Unconstrained INSTANCE = new Unconstrained();

    private Unconstrained() {
    }

    static ConstraintMode parse(String text) {
        return text.toLowerCase(Locale.ROOT).equals(NAME) ? INSTANCE : null;
    }

    @Override
    public boolean guaranteesInvertibility() {
        return false;
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
        return o instanceof Unconstrained;
    }

    @Override
    public int hashCode() {
        return NAME.hashCode();
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
