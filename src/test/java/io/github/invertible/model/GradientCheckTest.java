package io.github.invertible.model;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Autodiff gradients of the custom layers against finite differences (DOUBLE, tiny sizes). Two stacked
 * units also check the error each unit passes down. Output-layer parameters are skipped (built-in, and
 * every checked entry costs two forward passes).
 */
class GradientCheckTest {

    private static DataType savedDefault;

    @BeforeAll
    static void doublePrecision() {
        savedDefault = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil insists
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(savedDefault, savedDefault);
    }

    private static boolean check(ComputationGraph net, INDArray x) {
        TinyGraphs.randomiseBiases(net, 0.3);
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[]{x}).labels(new INDArray[]{TinyGraphs.oneHot((int) x.size(0), 3)})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .excludeParams(Set.of("output_W", "output_b")));
    }

    @Test
    void residualConvUnitUntied() {
        Nd4j.getRandom().setSeed(11);
        ComputationGraph net = TinyGraphs.conv(2, 4, 4, 0, 1, 2, ConstraintMode.NONE, new NoOp());
        assertTrue(check(net, Nd4j.randn(DataType.DOUBLE, 2, 2, 4, 4)));
    }

    @Test
    void residualConvUnitTied() {
        Nd4j.getRandom().setSeed(12);
        ComputationGraph net = TinyGraphs.conv(2, 4, 4, 0, 2, 2, ConstraintMode.TIED, new NoOp());
        assertTrue(check(net, Nd4j.randn(DataType.DOUBLE, 2, 2, 4, 4)));
    }

    @Test
    void residualConvUnitWithSpectralConstraintConfigured() {
        Nd4j.getRandom().setSeed(13);
        ComputationGraph net = TinyGraphs.conv(2, 4, 4, 0, 1, 1, ConstraintMode.lipschitz(0.9), new NoOp());
        assertNotNull(net.getLayer("u1").conf().getLayer().getConstraints());
        assertTrue(check(net, Nd4j.randn(DataType.DOUBLE, 2, 2, 4, 4)));
    }

    @Test
    void residualDenseUnitUntied() {
        Nd4j.getRandom().setSeed(14);
        ComputationGraph net = TinyGraphs.dense(4, 3, 2, ConstraintMode.NONE, new NoOp());
        assertTrue(check(net, Nd4j.randn(DataType.DOUBLE, 2, 4)));
    }

    @Test
    void residualDenseUnitTied() {
        Nd4j.getRandom().setSeed(15);
        ComputationGraph net = TinyGraphs.dense(4, 3, 2, ConstraintMode.TIED, new NoOp());
        assertTrue(check(net, Nd4j.randn(DataType.DOUBLE, 2, 4)));
    }

    @Test
    void residualDenseUnitWithSpectralConstraintConfigured() {
        Nd4j.getRandom().setSeed(16);
        ComputationGraph net = TinyGraphs.dense(4, 3, 1, ConstraintMode.lipschitz(0.9), new NoOp());
        assertNotNull(net.getLayer("u1").conf().getLayer().getConstraints());
        assertTrue(check(net, Nd4j.randn(DataType.DOUBLE, 2, 4)));
    }

    @Test
    void channelPadLayerPassesErrorsToItsInput() {
        Nd4j.getRandom().setSeed(17);
        // unit u0 -> pad 1 -> 2 channels -> unit u1: u0's gradients are right only if the pad's backprop is
        ComputationGraph net = TinyGraphs.conv(1, 4, 4, 2, 1, 1, ConstraintMode.NONE, new NoOp());
        assertTrue(check(net, Nd4j.randn(DataType.DOUBLE, 2, 1, 4, 4)));
    }

    @Test
    void convReluHeadLayer() {
        Nd4j.getRandom().setSeed(18);
        ComputationGraph net = TinyGraphs.convHead(2, 4, 4, 3, new NoOp());
        assertTrue(check(net, Nd4j.randn(DataType.DOUBLE, 2, 2, 4, 4)));
    }
}
