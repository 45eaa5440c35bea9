package io.github.invertible.model;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonValue;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * How a residual branch is kept invertible: {@code none}, {@code tied} (W2 = alpha W1^T) or
 * {@code lipschitz:c} (spectral normalisation so that ||W2|| ||W1|| <= c).
 * Parsed from and printed as exactly those strings.
 */
public final class ConstraintMode implements Serializable {

    public enum Kind { NONE, TIED, LIPSCHITZ }

    public static final ConstraintMode NONE = new ConstraintMode(Kind.NONE, Double.NaN);
    public static final ConstraintMode TIED = new ConstraintMode(Kind.TIED, Double.NaN);

    private final Kind kind;
    private final double bound;

    private ConstraintMode(Kind kind, double bound) {
        this.kind = kind;
        this.bound = bound;
    }

    public static ConstraintMode lipschitz(double c) {
        if (!(c > 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("Lipschitz bound must be a finite number > 0, got " + c);
        }
        return new ConstraintMode(Kind.LIPSCHITZ, c);
    }

    @JsonCreator
    public static ConstraintMode parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("Constraint mode is null; expected none, tied or lipschitz:c");
        }
        String original = text.trim();
        String t = original.toLowerCase(Locale.ROOT);
        if (t.equals("none")) {
            return NONE;
        }
        if (t.equals("tied")) {
            return TIED;
        }
        if (t.startsWith("lipschitz:")) {
            String number = original.substring("lipschitz:".length()); // as typed, for the message
            double c;
            try {
                c = Double.parseDouble(number);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Bad Lipschitz bound '" + number + "' in constraint mode '"
                        + text + "'; expected lipschitz:c with c > 0", e);
            }
            if (!(c > 0) || Double.isInfinite(c)) {
                throw new IllegalArgumentException("Bad Lipschitz bound '" + number + "' in constraint mode '"
                        + text + "'; c must be a finite number > 0");
            }
            return new ConstraintMode(Kind.LIPSCHITZ, c);
        }
        throw new IllegalArgumentException("Unknown constraint mode '" + text
                + "'; expected none, tied or lipschitz:c (c > 0)");
    }

    public Kind kind() {
        return kind;
    }

    public boolean isTied() {
        return kind == Kind.TIED;
    }

    public boolean isLipschitz() {
        return kind == Kind.LIPSCHITZ;
    }

    /** The bound c of {@code lipschitz:c}; NaN for the other modes. */
    public double bound() {
        return bound;
    }

    @JsonValue
    @Override
    public String toString() {
        switch (kind) {
            case NONE: return "none";
            case TIED: return "tied";
            default: return "lipschitz:" + bound;
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ConstraintMode)) {
            return false;
        }
        ConstraintMode m = (ConstraintMode) o;
        return kind == m.kind && Double.compare(bound, m.bound) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, bound);
    }
}
