package io.github.invertible.experiments;

import io.github.invertible.inversion.InverseMethod;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class F2ResidualInvertibilityTest {

    @Test
    void contractiveUnitsAreInvertedByEveryMethodAndLargeBoundsSeparateThem() {
        F2ResidualInvertibility f2 = new F2ResidualInvertibility(5, 60);
        F2ResidualInvertibility.Point easy = f2.point(10, 10, 0.5);
        for (InverseMethod m : InverseMethod.values()) {
            assertEquals(100.0, easy.pct(m), m.toString());
        }
        assertEquals(100.0, easy.trulyInvertiblePct());
        F2ResidualInvertibility.Point hard = f2.point(10, 10, 6);
        assertTrue(hard.pct(InverseMethod.EXISTING) < 60, "existing " + hard.pct(InverseMethod.EXISTING));
        assertTrue(hard.pct(InverseMethod.PROPOSED) > hard.pct(InverseMethod.EXISTING));
        assertTrue(hard.trulyInvertiblePct() < 50);
        for (InverseMethod m : InverseMethod.values()) {
            // recovering x implies the certificate (F(x) = y), never the other way round
            assertTrue(hard.certified(m) >= hard.successes()[m.ordinal()], m.toString());
        }
        assertNull(f2.point(20, 20, 1).trulyInvertiblePct());
    }

    @Test
    void medianIsTheLowerMedian() {
        assertEquals(2, F2ResidualInvertibility.median(new int[]{5, 1, 2, 9}));
        assertEquals(-1, F2ResidualInvertibility.median(new int[0]));
    }
}
