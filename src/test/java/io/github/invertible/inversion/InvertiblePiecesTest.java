package io.github.invertible.inversion;

import io.github.invertible.inversion.piece.ChannelPadPiece;
import io.github.invertible.inversion.piece.SpaceToDepthInverse;
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
    void paddingInverseDropsZeroChannelsAndFlagsNonZeroOnes() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 4);
        ChannelPadPiece pad = new ChannelPadPiece("pad", 3, 8);
        INDArray y = pad.forward(x);
        assertEquals(Nd4j.concat(1, x, Nd4j.zeros(DataType.DOUBLE, 2, 5, 4, 4)), y);
        InverseOptions o = InverseOptions.defaults();
        BatchInversion r = pad.invert(y, InverseMethod.PROPOSED, o);
        assertEquals(x, r.x());
        assertTrue(r.recovered(0) && r.recovered(1));
        y.putScalar(new long[]{1, 6, 2, 2}, 1e-3);
        BatchInversion bad = pad.invert(y, InverseMethod.PROPOSED, o);
        assertTrue(bad.recovered(0));
        assertEquals(InverseStatus.NOT_IN_RANGE, bad.status()[1]);
        assertEquals(1e-3 / y.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)).norm2Number().doubleValue(),
                bad.residual()[1], 1e-15);
    }
}
