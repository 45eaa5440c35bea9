package io.github.invertible.model.constraint;

import io.github.invertible.model.ConstraintMode;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The registry of constraint cases: the one place that lists them, in the order parsing tries them. */
public final class Constraints {

    /**
     * One case: its syntax (for messages), its parser, which returns null for text that is not of its form and
     * throws IllegalArgumentException for text of its form with a bad value, and an example the contract tests run
     * every invertible family with.
     */
    public record Case(String syntax, Function<String, ConstraintMode> parser, String example) {
    }

    private static final List<Case> CASES = List.of(
            new Case(Unconstrained.NAME, Unconstrained::parse, Unconstrained.NAME),
            new Case(Tied.NAME, Tied::parse, Tied.NAME),
            new Case(Lipschitz.PREFIX + "c (c > 0)", Lipschitz::parse, Lipschitz.PREFIX + "0.9"));

    private Constraints() {
    }

    /** The registered cases. */
    public static List<Case> cases() {
        return CASES;
    }

    /** The syntaxes of the cases, for messages: "none, tied or lipschitz:c (c > 0)". */
    public static String syntaxes() {
        List<String> s = CASES.stream().map(Case::syntax).collect(Collectors.toList());
        return String.join(", ", s.subList(0, s.size() - 1)) + " or " + s.get(s.size() - 1);
    }

    /** Parses the string form of a constraint (case-insensitive, trimmed). */
    public static ConstraintMode parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("Constraint mode is null; expected " + syntaxes());
        }
        String original = text.trim();
        for (Case c : CASES) {
            ConstraintMode m = c.parser().apply(original);
            if (m != null) {
                return m;
            }
        }
        throw new IllegalArgumentException("Unknown constraint mode '" + text + "'; expected " + syntaxes());
    }
}
