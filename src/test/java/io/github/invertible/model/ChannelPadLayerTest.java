package io.github.invertible.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChannelPadLayerTest {

    @Test
    void keepsTheInputChannelsAndAppendsZeros() {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(4, 5, 2))
                .addLayer("pad", new ChannelPadLayer(5), "input")
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "pad")
                .setOutputs("output");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        INDArray x = Nd4j.randn(DataType.DOUBLE, 3, 2, 4, 5);
        INDArray y = net.feedForward(x, false).get("pad");
        assertArrayEquals(new long[]{3, 5, 4, 5}, y.shape());
        INDArray kept = y.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray added = y.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 5), NDArrayIndex.all(), NDArrayIndex.all());
        assertEquals(0.0, kept.sub(x).amaxNumber().doubleValue(), 0.0);
        assertEquals(0.0, added.amaxNumber().doubleValue(), 0.0);
    }

    @Test
    void outputTypeHasThePaddedChannelCount() {
        ChannelPadLayer pad = new ChannelPadLayer(16);
        pad.setNIn(InputType.convolutional(14, 14, 4), true);
        assertEquals(InputType.convolutional(14, 14, 16), pad.getOutputType(0, InputType.convolutional(14, 14, 4)));
        ChannelPadLayer shrink = new ChannelPadLayer(3);
        assertThrows(IllegalStateException.class, () -> shrink.setNIn(InputType.convolutional(14, 14, 4), true));
    }
}
