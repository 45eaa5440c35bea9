package io.github.invertible.examples;

// README:begin
import io.github.invertible.data.ImageDataset;
import io.github.invertible.inversion.FeatureStageInverter;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.inversion.InverseOptions;
import io.github.invertible.inversion.NetworkInversion;
import io.github.invertible.model.ChannelPadLayer;
import io.github.invertible.model.ResidualConvUnit;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SpaceToDepthLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

public class UseFromJava {
    /** Trains a small invertible network on MNIST and recovers {@code n} test digits from its hidden layer. */
    public static NetworkInversion run(int trainImages, int n) {
        // 1. your own graph: an invertible feature stage (squeeze, channel padding, residual units), any head
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(42).updater(new Adam(1e-3)).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(28, 28, 1))
                .addLayer("squeeze", new SpaceToDepthLayer.Builder(2, CNN2DFormat.NCHW).build(), "in") // 4x14x14
                .addLayer("pad", new ChannelPadLayer(8), "squeeze")                                    // 8x14x14
                .addLayer("res1", new ResidualConvUnit(8, 16, 3, true), "pad")  // tied: invertible at any scale
                .addLayer("res2", new ResidualConvUnit(8, 16, 3, true), "res1")
                .addLayer("dense", new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build(), "res2")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(10).activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();

        // 2. plain DL4J training (MNIST from data/mnist, fetched on first use)
        ImageDataset mnist = ImageDataset.loadDefault();
        DataSet train = mnist.train().head(trainImages).toDataSet(true);
        net.fit(new ListDataSetIterator<>(train.batchBy(64), 1), 1);

        // 3. a hidden representation, computed by DL4J, inverted back to the pixels with a certificate
        INDArray digits = mnist.test().head(n).toDataSet(true).getFeatures();
        INDArray hidden = net.feedForward(digits, false).get("res2");
        FeatureStageInverter inverter = FeatureStageInverter.of(net); // squeeze, pad, res1, res2
        NetworkInversion inv = inverter.invert(hidden, "res2", InverseMethod.PROPOSED, InverseOptions.defaults());
        for (int i = 0; i < n; i++) {
            // certified: |F(x) - y| / |y| < 1e-6 at every vertex, F re-applied in double precision
            System.out.printf("digit %d: %s%n", i, inv.certified(i) ? "recovered" : inv.failure()[i]);
        }
        return inv; // inv.x(): the recovered digits, n x 1 x 28 x 28
    }
}
// README:end
