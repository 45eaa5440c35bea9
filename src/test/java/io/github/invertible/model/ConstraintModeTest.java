package io.github.invertible.model;

import io.github.invertible.model.constraint.Constraints;
import io.github.invertible.model.constraint.Lipschitz;
import io.github.invertible.model.constraint.Tied;
import io.github.invertible.model.constraint.Unconstrained;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConstraintModeTest {

    @ParameterizedTest
    @ValueSource(strings = {"none", "tied", "lipschitz:0.9", "lipschitz:2.5"})
    void toStringRoundTrips(String text) {
        ConstraintMode m = ConstraintMode.parse(text);
        assertEquals(text, m.toString());
        assertEquals(m, ConstraintMode.parse(m.toString()));
    }

    @Test
    void parsesCaseAndBound() {
        ConstraintMode m = ConstraintMode.parse(" Lipschitz:0.75 ");
        assertEquals(new Lipschitz(0.75), m);
        assertEquals(0.75, ((Lipschitz) m).bound());
        assertSame(Tied.INSTANCE, ConstraintMode.parse("TIED"));
        assertSame(Unconstrained.INSTANCE, ConstraintMode.parse("none"));
        assertEquals(ConstraintMode.lipschitz(1.0), ConstraintMode.parse("lipschitz:1"));
        assertEquals("lipschitz:1.0", ConstraintMode.parse("lipschitz:1").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lipschitz:-1", "lipschitz:0", "lipschitz:abc", "lipschitz:", "lipschitz:NaN",
            "lipschitz:Infinity", "spectral", ""})
    void rejectsBadValuesNamingThem(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConstraintMode.parse(text));
        assertTrue(e.getMessage().contains("'" + text.substring(text.indexOf(':') + 1)), e.getMessage());
    }

    @Test
    void unknownModeListsTheRegisteredCases() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConstraintMode.parse("x"));
        assertTrue(e.getMessage().contains("expected none, tied"), e.getMessage());
        for (Constraints.Case c : Constraints.cases()) {
            assertTrue(e.getMessage().contains(c.syntax()), e.getMessage());
            assertNull(c.parser().apply("x"), c.syntax());
        }
    }

    @Test
    void eachCaseBuildsItsLayersAndSaysWhatTheInverseMayCountOn() {
        assertTrue(ConstraintMode.TIED.convUnit(4, 8, 3).isTied());
        assertTrue(ConstraintMode.TIED.denseUnit(4, 8).isTied());
        assertFalse(ConstraintMode.NONE.convUnit(4, 8, 3).isTied());
        assertFalse(ConstraintMode.lipschitz(0.9).denseUnit(4, 8).isTied());
        assertTrue(ConstraintMode.TIED.guaranteesInvertibility());
        assertTrue(ConstraintMode.lipschitz(0.9).guaranteesInvertibility());
        assertFalse(ConstraintMode.lipschitz(1.5).guaranteesInvertibility());
        assertFalse(ConstraintMode.NONE.guaranteesInvertibility());

        ResidualConvUnit u = ConstraintMode.lipschitz(0.9).convUnit(4, 8, 3);
        ConstraintMode.lipschitz(0.9).attachTo(u);
        assertEquals(1, u.getConstraints().size());
        assertEquals(0.9, ((SpectralNormConstraint) u.getConstraints().get(0)).getBound());
        ResidualConvUnit t = ConstraintMode.TIED.convUnit(4, 8, 3);
        ConstraintMode.TIED.attachTo(t);
        assertTrue(t.getConstraints() == null || t.getConstraints().isEmpty());
    }

    @Test
    void nameTokensAreTheShippedModelNames() {
        assertEquals("tied", ConstraintMode.TIED.nameToken());
        assertEquals("none", ConstraintMode.NONE.nameToken());
        assertEquals("lipschitz-0.9", ConstraintMode.parse("lipschitz:0.9").nameToken());
        assertEquals("lipschitz-1", ConstraintMode.parse("lipschitz:1.0").nameToken());
    }

    @Test
    void specJsonStoresTheStringForm() {
        for (String text : new String[]{"none", "tied", "lipschitz:0.9"}) {
            NetworkSpec s = NetworkSpec.builder().constraint(text).build();
            assertTrue(s.toJson().contains("\"constraint\":\"" + text + "\""), s.toJson());
            assertEquals(s, NetworkSpec.fromJson(s.toJson()));
            assertInstanceOf(ConstraintMode.parse(text).getClass(), NetworkSpec.fromJson(s.toJson()).constraint());
        }
    }
}
