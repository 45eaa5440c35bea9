package io.github.invertible.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void parsesKindAndBound() {
        ConstraintMode m = ConstraintMode.parse(" Lipschitz:0.75 ");
        assertTrue(m.isLipschitz());
        assertFalse(m.isTied());
        assertEquals(0.75, m.bound());
        assertTrue(ConstraintMode.parse("tied").isTied());
        assertEquals(ConstraintMode.Kind.NONE, ConstraintMode.parse("none").kind());
        assertEquals(ConstraintMode.lipschitz(1.0), ConstraintMode.parse("lipschitz:1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lipschitz:-1", "lipschitz:0", "lipschitz:abc", "lipschitz:", "lipschitz:NaN",
            "lipschitz:Infinity", "spectral", ""})
    void rejectsBadValuesNamingThem(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConstraintMode.parse(text));
        assertTrue(e.getMessage().contains("'" + text.substring(text.indexOf(':') + 1)), e.getMessage());
    }
}
