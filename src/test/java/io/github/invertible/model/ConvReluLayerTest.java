package io.github.invertible.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The head's SameDiff convolution against DL4J's own ConvolutionLayer with the same weights. */
class ConvReluLayerTest {

    private static ComputationGraph single(Layer layer) {
        var g = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(5, 6, 3))
                .addLayer("conv", layer, "input").setOutputs("conv");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    @Test
    void matchesTheBuiltInConvolutionLayer() {
        ComputationGraph ours = single(new ConvReluLayer(4, 3));
        ComputationGraph builtIn = single(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU)
                .convolutionMode(ConvolutionMode.Same).build());
        INDArray w = Nd4j.randn(DataType.DOUBLE, 4, 3, 3, 3);
        INDArray b = Nd4j.randn(DataType.DOUBLE, 1, 4).muli(0.5);
        ours.getLayer("conv").getParam(ConvReluLayer.W).assign(w);
        ours.getLayer("conv").getParam(ConvReluLayer.B).assign(b);
        builtIn.getLayer("conv").getParam("W").assign(w);
        builtIn.getLayer("conv").getParam("b").assign(b);

        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 3, 5, 6);
        INDArray expected = builtIn.outputSingle(x);
        INDArray actual = ours.outputSingle(x);
        assertArrayEquals(new long[]{2, 4, 5, 6}, actual.shape());
        assertEquals(0.0, actual.sub(expected).amaxNumber().doubleValue(), 1e-12);
        assertTrue(actual.minNumber().doubleValue() >= 0 && actual.maxNumber().doubleValue() > 0, "relu output");
    }

    @Test
    void heInitialisationAndZeroBias() {
        ComputationGraph net = single(new ConvReluLayer(64, 3));
        INDArray w = net.getLayer("conv").getParam(ConvReluLayer.W);
        assertArrayEquals(new long[]{64, 3, 3, 3}, w.shape());
        assertEquals(Math.sqrt(2.0 / 27), w.stdNumber().doubleValue(), 0.1 * Math.sqrt(2.0 / 27));
        assertEquals(0.0, net.getLayer("conv").getParam(ConvReluLayer.B).amaxNumber().doubleValue());
    }
}
