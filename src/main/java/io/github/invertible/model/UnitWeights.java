package io.github.invertible.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * Effective weights of a residual unit in MATH convention, as DOUBLE copies, so that
 * y = x + W2 relu(W1 x + b1) + b2.
 * <ul>
 *   <li>dense: W1 [k,n], b1 [k], W2 [n,k], b2 [n] (x a column vector)</li>
 *   <li>conv: W1 [K,C,kh,kw], b1 [K], W2 [C,K,kh,kw], b2 [C]; kernels in DL4J layout, cross-correlation,
 *       stride 1, SAME padding, NCHW</li>
 * </ul>
 * For tied units W2 is materialised: alpha W1^T (dense) or alpha adjoint(W1) (conv).
 */
public record UnitWeights(INDArray W1, INDArray b1, INDArray W2, INDArray b2) {

    public boolean isConvolutional() {
        return W1.rank() == 4;
    }

    /** Reads the unit at vertex {@code name} of a trained graph. */
    public static UnitWeights of(ComputationGraph net, String name) {
        Layer layer = net.getLayer(name);
        if (layer == null) {
            throw new IllegalArgumentException("no layer named '" + name + "' in the graph");
        }
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        UnitWeights w = InvertibleLayer.of(conf).map(il -> il.piece(WEIGHTS, name, layer.paramTable())).orElse(null);
        if (w == null) {
            throw new IllegalArgumentException("vertex '" + name + "' is a " + conf.getClass().getSimpleName()
                    + ", not a residual unit");
        }
        return w;
    }

    /** The weights of residual units; null for the other pieces. */
    private static final InvertibleLayer.PieceFactory<UnitWeights> WEIGHTS = new InvertibleLayer.PieceFactory<>() {
        @Override
        public UnitWeights squeeze(String name, int block) {
            return null;
        }

        @Override
        public UnitWeights channelPad(String name, int channelsIn, int channelsOut) {
            return null;
        }

        @Override
        public UnitWeights convUnit(String name, UnitWeights weights, boolean tied) {
            return weights;
        }

        @Override
        public UnitWeights denseUnit(String name, UnitWeights weights, boolean tied) {
            return weights;
        }
    };

    static UnitWeights ofConv(ResidualConvUnit conf, Map<String, INDArray> p) {
        INDArray w1 = dbl(p.get(ResidualConvUnit.W1));
        INDArray w2 = conf.isTied()
                ? ConvKernels.adjoint(w1).muli(alpha(p))
                : dbl(p.get(ResidualConvUnit.W2));
        return new UnitWeights(w1, vector(p.get(ResidualConvUnit.B1)), w2, vector(p.get(ResidualConvUnit.B2)));
    }

    static UnitWeights ofDense(ResidualDenseUnit conf, Map<String, INDArray> p) {
        INDArray w1dl4j = dbl(p.get(ResidualDenseUnit.W1));              // [n,k], used as x W1
        INDArray w1 = w1dl4j.transpose().dup('c');                        // [k,n]
        INDArray w2 = conf.isTied()
                ? w1dl4j.mul(alpha(p))                                    // (alpha W1_dl4j^T)^T
                : dbl(p.get(ResidualDenseUnit.W2)).transpose().dup('c'); // [n,k]
        return new UnitWeights(w1, vector(p.get(ResidualDenseUnit.B1)), w2, vector(p.get(ResidualDenseUnit.B2)));
    }

    private static double alpha(Map<String, INDArray> p) {
        return Math.exp(p.get(ResidualConvUnit.LOG_ALPHA).getDouble(0));
    }

    private static INDArray dbl(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c');
    }

    private static INDArray vector(INDArray a) {
        return dbl(a).reshape(a.length());
    }
}
