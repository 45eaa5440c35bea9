package io.github.invertible.inversion;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.SpaceToDepthLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvertiblePiecesTest {

    @Test
    void depthToSpaceInvertsDl4jSpaceToDepthLayerExactly() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).list()
                .layer(new SpaceToDepthLayer.Builder(2, CNN2DFormat.NCHW).build())
                .setInputType(InputType.convolutional(28, 28, 1)).build());
        net.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 1, 28, 28);
        List<INDArray> acts = net.feedForward(x, false);
        INDArray y = acts.get(acts.size() - 1);
        assertEquals(List.of(3L, 4L, 14L, 14L), java.util.Arrays.stream(y.shape()).boxed().toList());
        assertEquals(x, SpaceToDepthInverse.invert(y, 2)); // bit-for-bit
        INDArray y2 = SpaceToDepthInverse.forward(y, 2); // 14 → 7, the second squeeze
        assertEquals(y, SpaceToDepthInverse.invert(y2, 2));
    }

    @Test
    void paddingInverseDropsZeroChannelsAndRejectsNonZeroOnes() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 4);
        ChannelPadding pad = new ChannelPadding(0, 5);
        INDArray y = Nd4j.concat(1, x, Nd4j.zeros(DataType.DOUBLE, 2, 5, 4, 4));
        assertEquals(x, pad.invert(y));
        y.putScalar(new long[]{1, 6, 2, 2}, 1e-3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pad.invert(y));
        assertTrue(e.getMessage().contains("not zero"));
        assertEquals(1e-3, pad.paddedMagnitude(y), 0);
        // padding in front, dense layout
        INDArray d = Nd4j.rand(DataType.DOUBLE, 4, 6);
        INDArray dp = Nd4j.concat(1, Nd4j.zeros(DataType.DOUBLE, 4, 2), d);
        assertEquals(d, new ChannelPadding(2, 0).invert(dp));
    }

    @Test
    void batchNormInverseRoundTripsAndRejectsZeroGamma() {
        double[] gamma = {1.5, -0.3, 2};
        double[] beta = {0.1, 0.2, -1};
        double[] mean = {0.5, -2, 0};
        double[] var = {4, 0.25, 1};
        BatchNormAffine bn = new BatchNormAffine(gamma, beta, mean, var, 1e-5);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 5, 3, 2, 2);
        INDArray y = bn.forward(x);
        // independent check of the forward formula on one entry
        double expect = gamma[1] * (x.getDouble(2, 1, 1, 0) - mean[1]) / Math.sqrt(var[1] + 1e-5) + beta[1];
        assertEquals(expect, y.getDouble(2, 1, 1, 0), 1e-12);
        assertTrue(bn.invert(y).sub(x).amaxNumber().doubleValue() < 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> new BatchNormAffine(new double[]{1, 0, 1}, beta, mean, var, 1e-5));
        // log10(std) parameterisation gives the same map
        double[] l = new double[3];
        for (int i = 0; i < 3; i++) {
            l[i] = Math.log10(Math.sqrt(var[i] + 1e-5));
        }
        INDArray log10Std = Nd4j.createFromArray(l);
        BatchNormAffine bn2 = BatchNormAffine.fromLog10Stdev(Nd4j.createFromArray(gamma), Nd4j.createFromArray(beta),
                Nd4j.createFromArray(mean), log10Std, 1e-5);
        assertTrue(bn2.forward(x).sub(y).amaxNumber().doubleValue() < 1e-12);
    }
}
