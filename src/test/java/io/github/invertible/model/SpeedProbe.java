package io.github.invertible.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SpaceToDepthLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Training speed of the default graphs (batch 128, FLOAT). Not part of the suite:
 * {@code OMP_NUM_THREADS=2 mvn -o test -Dtest=SpeedProbe -DspeedProbe=true}.
 */
@EnabledIfSystemProperty(named = "speedProbe", matches = "true")
class SpeedProbe {

    private static final int BATCH = 128;
    private static final int WARMUP = 2;
    private static final int TIMED = 3;
    private static final int ROUNDS = 3;

    @Test
    void probe() {
        // interleaved rounds, best round reported: the machine is shared, so single runs drift
        Map<String, ComputationGraph> nets = new LinkedHashMap<>();
        nets.put("conv tied, 3 units/stage (default)", NetworkFactory.build(NetworkSpec.defaults()));
        nets.put("conv tied, 2 units/stage", NetworkFactory.build(NetworkSpec.builder().unitsPerStage(2).build()));
        nets.put("conv none, 3 units/stage", NetworkFactory.build(NetworkSpec.builder().constraint("none").build()));
        nets.put("conv none, 2 units/stage",
                NetworkFactory.build(NetworkSpec.builder().constraint("none").unitsPerStage(2).build()));
        nets.put("conv lipschitz:0.9, 3 units/stage",
                NetworkFactory.build(NetworkSpec.builder().constraint("lipschitz:0.9").build()));
        nets.put("built-in Conv+Conv+ElementWiseVertex (untied), 3 units/stage", builtInEquivalent(3));
        nets.put("plaincnn", NetworkFactory.build(NetworkSpec.builder().arch("plaincnn").build()));
        Nd4j.getRandom().setSeed(1);
        DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, BATCH, 1, 28, 28),
                TinyGraphs.oneHot(BATCH, 10).castTo(DataType.FLOAT));
        Map<String, Double> best = new LinkedHashMap<>();
        for (ComputationGraph net : nets.values()) {
            for (int i = 0; i < WARMUP; i++) {
                net.fit(batch);
            }
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (Map.Entry<String, ComputationGraph> e : nets.entrySet()) {
                long t0 = System.nanoTime();
                for (int i = 0; i < TIMED; i++) {
                    e.getValue().fit(batch);
                }
                double ms = (System.nanoTime() - t0) / 1e6 / TIMED;
                best.merge(e.getKey(), ms, Math::min);
                System.err.printf("SPEED round %d %-62s %8.1f ms/iter%n", round, e.getKey(), ms);
            }
        }
        best.forEach((name, ms) -> System.err.printf("SPEED best %-62s %8.1f ms/iter %7.1f samples/s (%d params)%n",
                name, ms, BATCH * 1000 / ms, nets.get(name).numParams()));
    }

    /** The untied default graph with each residual branch built from two ConvolutionLayers and an add vertex. */
    private static ComputationGraph builtInEquivalent(int units) {
        NetworkSpec s = NetworkSpec.defaults();
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(1)
                .updater(new Adam(1e-3)).weightInit(WeightInit.RELU).convolutionMode(ConvolutionMode.Same)
                .graphBuilder().addInputs("input").setInputTypes(InputType.convolutional(28, 28, 1));
        g.addLayer("squeeze1", new SpaceToDepthLayer.Builder(2, CNN2DFormat.NCHW).build(), "input");
        g.addLayer("pad1", new ChannelPadLayer(s.convWidth1()), "squeeze1");
        String top = "pad1";
        top = residualStage(g, top, "a", units, s.convWidth1(), s.hidden1());
        g.addLayer("squeeze2", new SpaceToDepthLayer.Builder(2, CNN2DFormat.NCHW).build(), top);
        top = residualStage(g, "squeeze2", "b", units, 4 * s.convWidth1(), s.hidden2());
        g.addLayer("head_dense", new DenseLayer.Builder().nOut(s.headWidth()).activation(Activation.RELU).build(), top);
        g.addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                .activation(Activation.SOFTMAX).build(), "head_dense");
        g.setOutputs("output");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    private static String residualStage(ComputationGraphConfiguration.GraphBuilder g, String top, String prefix,
                                        int units, int channels, int hidden) {
        for (int i = 0; i < units; i++) {
            String c1 = prefix + i + "_c1";
            String c2 = prefix + i + "_c2";
            String sum = prefix + i + "_add";
            g.addLayer(c1, new ConvolutionLayer.Builder(3, 3).nOut(hidden).activation(Activation.RELU).build(), top);
            g.addLayer(c2, new ConvolutionLayer.Builder(3, 3).nOut(channels).activation(Activation.IDENTITY).build(), c1);
            g.addVertex(sum, new ElementWiseVertex(ElementWiseVertex.Op.Add), top, c2);
            top = sum;
        }
        return top;
    }
}
