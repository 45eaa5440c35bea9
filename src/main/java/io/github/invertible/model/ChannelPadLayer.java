package io.github.invertible.model;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.nd4j.linalg.api.ndarray.INDArray;
import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLambdaLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Objects;

/**
 * Injective, parameter-free channel zero-padding C -> C' (NCHW): the new channels are appended
 * after the existing ones and are zero. Inverse: keep the first C channels.
 */
public class ChannelPadLayer extends SameDiffLambdaLayer implements InvertibleLayer {

    private int channelsIn;
    private int channelsOut;

    /** For Jackson. */
    public ChannelPadLayer() {
    }

    public ChannelPadLayer(int channelsOut) {
        if (channelsOut < 1) {
            throw new IllegalArgumentException("output channels must be positive, got " + channelsOut);
        }
        this.channelsOut = channelsOut;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x) {
        int extra = channelsOut - channelsIn;
        SDVariable padding = sd.constant(Nd4j.createFromArray(new int[][]{{0, 0}, {0, extra}, {0, 0}, {0, 0}}));
        return sd.nn().pad(x, padding, 0.0);
    }

    /** Uses the runtime whose backprop is not doubled (see {@link CorrectedSameDiffLayer}). */
    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(org.deeplearning4j.nn.conf.NeuralNetConfiguration conf,
            java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> listeners, int layerIndex,
            INDArray paramsView, boolean initializeParams, org.nd4j.linalg.api.buffer.DataType dataType) {
        return CorrectedSameDiffLayer.instantiate(this, conf, layerIndex, paramsView, initializeParams, dataType,
                Runtime::new);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional c = LayerInputs.requireConvolutional("ChannelPadLayer", getLayerName(), inputType);
        return InputType.convolutional(c.getHeight(), c.getWidth(), channelsOut);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        InputType.InputTypeConvolutional c = LayerInputs.requireConvolutional("ChannelPadLayer", getLayerName(), inputType);
        if (override || channelsIn <= 0) {
            channelsIn = (int) c.getChannels();
        }
        if (channelsOut < channelsIn) {
            throw new IllegalStateException("ChannelPadLayer '" + getLayerName() + "' cannot pad " + channelsIn
                    + " channels down to " + channelsOut);
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return InputTypeUtil.getPreProcessorForInputTypeCnnLayers(inputType, getLayerName());
    }


    public int getChannelsIn() { return channelsIn; }
    public void setChannelsIn(int channelsIn) { this.channelsIn = channelsIn; }
    public int getChannelsOut() { return channelsOut; }
    public void setChannelsOut(int channelsOut) { this.channelsOut = channelsOut; }

    @Override
    public Kind kind() {
        return Kind.PAD;
    }

    /** Its piece (DESIGN §3); {@code defineLayer} above stays the training path. */
    @Override
    public <P> P piece(PieceFactory<P> factory, String name, Map<String, INDArray> params) {
        return factory.channelPad(name, channelsIn, channelsOut);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ChannelPadLayer) || !super.equals(o)) {
            return false;
        }
        ChannelPadLayer l = (ChannelPadLayer) o;
        return channelsIn == l.channelsIn && channelsOut == l.channelsOut;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), channelsIn, channelsOut);
    }

    /** The runtime of a {@code ChannelPadLayer}: DL4J's {@code summary()} prints its name. */
    public static final class Runtime extends CorrectedSameDiffLayer {
        public Runtime(org.deeplearning4j.nn.conf.NeuralNetConfiguration conf,
                    org.nd4j.linalg.api.buffer.DataType dataType) {
            super(conf, dataType);
        }
    }
}
