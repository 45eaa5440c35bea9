package io.github.invertible.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;


/** Tiny DOUBLE graphs around the custom layers, for gradient checks and constraint tests. */
final class TinyGraphs {

    private TinyGraphs() {
    }

    /** input [N,c,h,w] -> (if padTo > c: unit "u0" -> pad to padTo) -> units "u1".."u{units}" -> softmax output of 3 classes. */
    static ComputationGraph conv(int c, int h, int w, int padTo, int hidden, int units, ConstraintMode mode,
                                 IUpdater updater) {
        ComputationGraphConfiguration.GraphBuilder g = base(updater).graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(h, w, c));
        String top = "input";
        if (padTo > c) {
            // a unit below the pad has parameters whose gradients need the pad's backprop
            g.addLayer("u0", new ResidualConvUnit(0, hidden, 3, false), top);
            g.addLayer("pad", new ChannelPadLayer(padTo), "u0");
            top = "pad";
        }
        for (int i = 1; i <= units; i++) {
            String name = "u" + i;
            g.addLayer(name, withConstraint(mode.convUnit(0, hidden, 3), mode), top);
            top = name;
        }
        return finish(g, top);
    }

    /** input [N,c,h,w] -> unit "u1" -> ConvReluLayer "head" with {@code out} channels -> softmax output of 3 classes. */
    static ComputationGraph convHead(int c, int h, int w, int out, IUpdater updater) {
        ComputationGraphConfiguration.GraphBuilder g = base(updater).graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(h, w, c));
        // a unit below the head: its gradients are right only if the head passes the right error down
        g.addLayer("u1", new ResidualConvUnit(0, 2, 3, false), "input");
        g.addLayer("head", new ConvReluLayer(out, 3), "u1");
        return finish(g, "head");
    }

    /** input [N,n] -> units "u1".."u{units}" -> softmax output of 3 classes. */
    static ComputationGraph dense(int n, int hidden, int units, ConstraintMode mode, IUpdater updater) {
        ComputationGraphConfiguration.GraphBuilder g = base(updater).graphBuilder()
                .addInputs("input").setInputTypes(InputType.feedForward(n));
        String top = "input";
        for (int i = 1; i <= units; i++) {
            String name = "u" + i;
            g.addLayer(name, withConstraint(mode.denseUnit(0, hidden), mode), top);
            top = name;
        }
        return finish(g, top);
    }

    /** Biases start at zero and alpha at 0.1; randomise them so tests see every term. */
    static void randomiseBiases(ComputationGraph net, double scale) {
        for (var layer : net.getLayers()) {
            layer.paramTable().forEach((k, v) -> {
                if (k.startsWith("b")) {
                    layer.getParam(k).assign(Nd4j.randn(v.dataType(), v.shape()).muli(scale));
                } else if (k.equals(ResidualConvUnit.LOG_ALPHA)) {
                    layer.getParam(k).assign(Math.log(0.7));
                }
            });
        }
    }

    static INDArray oneHot(int rows, int classes) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, i % classes, 1.0);
        }
        return y;
    }

    private static NeuralNetConfiguration.Builder base(IUpdater updater) {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE).updater(updater);
    }

    private static SameDiffLayer withConstraint(SameDiffLayer layer, ConstraintMode mode) {
        mode.attachTo(layer);
        return layer;
    }

    private static ComputationGraph finish(ComputationGraphConfiguration.GraphBuilder g, String top) {
        g.addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                .activation(Activation.SOFTMAX).build(), top);
        g.setOutputs("output");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }
}
