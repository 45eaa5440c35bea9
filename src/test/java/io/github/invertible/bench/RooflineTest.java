package io.github.invertible.bench;

import io.github.invertible.common.ImageShape;
import io.github.invertible.model.FlopCount;
import io.github.invertible.model.NetworkSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The roofline against its limits: unbounded bandwidth gives the peak, starved bandwidth gives bytes / bandwidth. */
class RooflineTest {
    private static final FlopCount DEFAULT = FlopCount.of(NetworkSpec.defaults(), ImageShape.MNIST);

    @Test
    void withAmpleBandwidthEveryLayerRunsAtThePeak() {
        Roofline r = Roofline.of(DEFAULT, 128, 100, 1e9);
        assertEquals(DEFAULT.trainingFlops(), r.flops(), 1e-3);
        assertEquals(100, r.ceilingGflops(), 1e-9);
        assertTrue(r.layers().stream().noneMatch(Roofline.Layer::memoryBound));
    }

    @Test
    void withStarvedBandwidthTheStepTakesItsBytesOverTheBandwidth() {
        double bandwidth = 1e-3; // GB/s: every layer memory-bound
        Roofline r = Roofline.of(DEFAULT, 128, 100, bandwidth);
        double bytes = DEFAULT.workByLayer().values().stream().mapToDouble(w -> w.trainingBytes(128)).sum();
        assertEquals(bytes / (bandwidth * 1e9), r.seconds(), 1e-9 * r.seconds());
        assertTrue(r.layers().stream().allMatch(Roofline.Layer::memoryBound));
    }

    @Test
    void aLayerIsMemoryBoundExactlyWhenItsIntensityIsBelowPeakOverBandwidth() {
        double peak = 100;
        double bandwidth = 10; // ridge point 10 FLOP/byte
        Roofline r = Roofline.of(DEFAULT, 128, peak, bandwidth);
        for (Roofline.Layer l : r.layers()) {
            assertEquals(l.intensity() < peak / bandwidth, l.memoryBound(), l.name());
            assertEquals(Math.min(peak, bandwidth * l.intensity()), l.ceilingGflops(), 1e-9, l.name());
        }
        // the default network has both kinds at this ridge: the dense output layer moves more than it computes
        assertTrue(r.layers().stream().anyMatch(Roofline.Layer::memoryBound));
        assertFalse(r.layers().stream().allMatch(Roofline.Layer::memoryBound));
        assertEquals(r.layers().size(), r.table().rowCount());
    }
}
