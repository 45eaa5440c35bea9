package io.github.invertible.inversion;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Pattern fingerprints: equal masks give equal patterns, and the lazily built weights survive the first caller's workspace. */
class ActivationPatternsTest {

    private static INDArray masks() {
        // sample 0 and 2 share a mask, sample 1 differs in one unit
        INDArray m = Nd4j.zeros(DataType.FLOAT, 3, 2, 3, 3);
        for (int s = 0; s < 3; s++) {
            m.putScalar(new long[]{s, 0, 1, 1}, 1);
            m.putScalar(new long[]{s, 1, 2, 0}, 1);
        }
        m.putScalar(new long[]{1, 1, 0, 2}, 1);
        return m;
    }

    @Test
    void equalMasksGiveEqualPatterns() {
        ActivationPatterns.Pattern[] p = new ActivationPatterns().of(masks(), false);
        assertEquals(p[0], p[2]);
        assertNotEquals(p[0], p[1]);
    }

    @Test
    void weightsBuiltInsideALoopWorkspaceOutliveIt() {
        ActivationPatterns patterns = new ActivationPatterns();
        ActivationPatterns.Pattern[] first;
        try (MemoryWorkspace ws = LoopWorkspace.open("patterns-test")) {
            first = patterns.of(masks(), false); // builds the weights inside the scope
        }
        for (int cycle = 0; cycle < 2; cycle++) { // the scope is reused: its old memory is overwritten
            try (MemoryWorkspace ws = LoopWorkspace.open("patterns-test")) {
                Nd4j.rand(DataType.FLOAT, 64, 64);
            }
        }
        ActivationPatterns.Pattern[] again = patterns.of(masks(), false);
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i].bits(), again[i].bits(), "sample " + i);
        }
    }
}
