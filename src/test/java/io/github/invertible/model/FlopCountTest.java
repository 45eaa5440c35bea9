package io.github.invertible.model;

import io.github.invertible.common.ImageShape;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FlopCount against closed forms written from the specification (DESIGN §10.1), and per layer against the
 * weights DL4J actually allocated: a convolution's count divided by its output positions is its weight count.
 */
class FlopCountTest {
    /** A small network on 20×12 images with 3 classes: every layer kind, sizes that tell the factors apart. */
    private static final NetworkSpec SMALL = NetworkSpec.builder().unitsPerStage(2).convWidth1(6).hidden1(5).hidden2(7)
            .headConv(4).headWidth(12).seed(5).build();
    private static final ImageShape SMALL_SHAPE = new ImageShape(1, 20, 12, 3);

    private static FlopCount count(NetworkSpec spec, ImageShape shape) {
        return FlopCount.of(spec, shape);
    }

    @Test
    void defaultConvNetworkMatchesItsClosedForm() {
        NetworkSpec s = NetworkSpec.defaults();
        int k2 = s.kernelSize() * s.kernelSize();
        long stage1 = s.unitsPerStage() * 2L * s.convWidth1() * s.hidden1() * k2 * 14 * 14;
        long stage2 = s.unitsPerStage() * 2L * (4L * s.convWidth1()) * s.hidden2() * k2 * 7 * 7;
        long head = 4L * s.convWidth1() * s.headConv() * 9 * 49
                + (s.headConvLayers() - 1L) * s.headConv() * s.headConv() * 9 * 49
                + (long) s.headConv() * 4 * 4 * s.headWidth() // 7x7 pooled 2x2 with Same padding: 4x4
                + s.headWidth() * 10L;
        FlopCount f = count(s, ImageShape.MNIST);
        assertEquals(stage1 + stage2 + head, f.forwardMacs());
        assertEquals(6.0 * f.forwardMacs(), f.trainingFlops(), 1e-6);
        // the estimate the performance issue started from: about 55 MFLOP per image forward
        assertTrue(f.forwardFlops() > 50e6 && f.forwardFlops() < 60e6, "forward MFLOP " + f.forwardFlops() / 1e6);
        // the constraint changes how weights are tied or scaled, not how many products a unit takes
        NetworkSpec lip = s.toBuilder().constraint("lipschitz:0.9").build();
        assertEquals(f.forwardMacs(), count(lip, ImageShape.MNIST).forwardMacs());
    }

    @Test
    void denseAndLegacyPlainNetworksMatchTheirClosedForms() {
        NetworkSpec d = NetworkSpec.builder().arch("dense").denseUnits(3).denseWidth(50).headWidth(40).build();
        assertEquals(3 * 2L * 784 * 50 + 784L * 40 + 40 * 10, count(d, ImageShape.MNIST).forwardMacs());
        NetworkSpec p = NetworkSpec.builder().arch("plaincnn").headConvLayers(0).headWidth(30).build();
        assertEquals(32L * 25 * 784 + 32L * 64 * 25 * 196 + 64L * 49 * 30 + 30 * 10,
                count(p, ImageShape.MNIST).forwardMacs());
    }

    @Test
    void eachConvolutionCostsItsAllocatedWeightsAtEveryOutputPosition() {
        NetworkSpec s = SMALL;
        ImageShape shape = SMALL_SHAPE;
        ComputationGraph net = NetworkFactory.build(s, shape);
        Map<String, Long> macs = count(s, shape).macsByLayer();
        for (String unit : new String[]{"unit1_1", "unit1_2", "unit2_2"}) {
            long positions = unit.startsWith("unit1") ? 10 * 6 : 5 * 3;
            long w1 = net.getLayer(unit).getParam(ResidualConvUnit.W1).length();
            assertEquals(2 * w1 * positions, macs.get(unit), unit); // W1, then W1's transpose (or W2, as large)
        }
        long hc1 = net.getLayer(NetworkFactory.HEAD_CONV + 1).getParam("W").length();
        assertEquals(hc1 * 5 * 3, macs.get(NetworkFactory.HEAD_CONV + 1));
        long dense = net.getLayer(NetworkFactory.HEAD).getParam("W").length();
        assertEquals(dense, macs.get(NetworkFactory.HEAD));
        assertEquals(12L * 3, macs.get(NetworkFactory.OUTPUT));
    }

    @Test
    void aUnitTouchesItsInputItsHiddenImageTwiceAndItsOutput() {
        NetworkSpec s = SMALL;
        ImageShape shape = SMALL_SHAPE;
        ComputationGraph net = NetworkFactory.build(s, shape);
        FlopCount.LayerWork u = count(s, shape).workByLayer().get("unit1_2");
        long hw = 10 * 6;
        assertEquals(6 * hw + 2 * 5 * hw + 6 * hw, u.activations()); // C in, K hidden (written, read), C out
        assertEquals(net.getLayer("unit1_2").numParams(), u.weights());
        // 3 x (activations + weights / batch) floats: forward, input gradient, weight gradient
        assertEquals(4.0 * 3 * (u.activations() + u.weights() / 64.0), u.trainingBytes(64), 1e-9);
        assertEquals(6.0 * u.macs(), u.trainingFlops(), 1e-9);
        FlopCount.LayerWork dense = count(s, shape).workByLayer().get(NetworkFactory.OUTPUT);
        assertEquals(12 + 3, dense.activations());
    }
}
