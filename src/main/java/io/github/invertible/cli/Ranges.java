package io.github.invertible.cli;

import io.github.invertible.common.UserError;

import java.util.Locale;

/**
 * Range checks of numeric options, each failing with one line that names the option
 * ({@code --per-class must be >= 1 (got 0)}). Run at the start of a command, before any work. A {@code null}
 * value is an option left at its "the spec's default" and passes.
 */
final class Ranges {
    private Ranges() {
    }

    static void atLeast(String option, Number value, long min) {
        finite(option, value);
        if (value != null && !(value.doubleValue() >= min)) {
            throw new UserError(option + " must be >= " + min + " (got " + format(value) + ")");
        }
    }

    static void between(String option, Number value, double min, double max) {
        finite(option, value);
        if (value != null && !(value.doubleValue() >= min && value.doubleValue() <= max)) {
            throw new UserError(option + " must be between " + format(min) + " and " + format(max)
                    + " (got " + format(value) + ")");
        }
    }

    /** min <= value < max. */
    static void below(String option, Number value, double min, double max) {
        finite(option, value);
        if (value != null && !(value.doubleValue() >= min && value.doubleValue() < max)) {
            throw new UserError(option + " must be >= " + format(min) + " and < " + format(max)
                    + " (got " + format(value) + ")");
        }
    }

    static void positive(String option, Number value) {
        finite(option, value);
        if (value != null && !(value.doubleValue() > 0)) {
            throw new UserError(option + " must be > 0 (got " + format(value) + ")");
        }
    }

    /** Infinity and NaN parse as doubles but are never a setting: refused before any bound is compared. */
    static void finite(String option, Number value) {
        if (value != null && !Double.isFinite(value.doubleValue())) {
            throw new UserError(option + " must be a finite number (got " + value + ")");
        }
    }

    private static String format(Number v) {
        double d = v.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", v);
    }
}
