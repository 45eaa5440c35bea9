package io.github.invertible.model;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Objects;

/**
 * relu(conv(x, W) + b), stride 1, SAME, NCHW — the head's convolutions. Functionally DL4J's
 * {@code ConvolutionLayer}, but built on SameDiff's conv2d, which runs on oneDNN in this build: the built-in
 * layer trained the default network ~1.4x slower per head convolution (measured; see benchmarks.md).
 * Parameters in DL4J layout: W [out, in, k, k], b [1, out].
 */
public class ConvReluLayer extends CorrectedSameDiffLayerConfig {

    public static final String W = "W";
    public static final String B = "b";

    private int channelsIn;
    private int channelsOut;
    private int kernelSize = 3;
    private int height;
    private int width;

    /** For Jackson. */
    public ConvReluLayer() {
    }

    public ConvReluLayer(int channelsOut, int kernelSize) {
        if (kernelSize % 2 == 0 || kernelSize < 1) {
            throw new IllegalArgumentException("kernel size must be odd and positive, got " + kernelSize);
        }
        if (channelsOut < 1) {
            throw new IllegalArgumentException("output channels must be positive, got " + channelsOut);
        }
        this.channelsOut = channelsOut;
        this.kernelSize = kernelSize;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        SDVariable pre = sd.cnn().conv2d(x, p.get(W).permute(2, 3, 1, 0), p.get(B).reshape(channelsOut),
                ConvKernels.sameConfig(kernelSize, kernelSize));
        return sd.nn().relu(pre, 0.0);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(W, channelsOut, channelsIn, kernelSize, kernelSize);
        params.addBiasParam(B, 1, channelsOut);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        INDArray w = params.get(W);
        double fanIn = (double) channelsIn * kernelSize * kernelSize;
        w.assign(Nd4j.randn(w.dataType(), w.shape()).muli(Math.sqrt(2.0 / fanIn))); // He, as WeightInit.RELU
        params.get(B).assign(0);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional it = LayerInputs.requireConvolutional("ConvReluLayer", getLayerName(), inputType);
        return InputType.convolutional(it.getHeight(), it.getWidth(), channelsOut);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        InputType.InputTypeConvolutional it = LayerInputs.requireConvolutional("ConvReluLayer", getLayerName(), inputType);
        if (override || channelsIn <= 0) {
            channelsIn = (int) it.getChannels();
        }
        height = (int) it.getHeight();
        width = (int) it.getWidth();
        setLayerParams(null); // parameter shapes depend on the input channels: redefine lazily
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return InputTypeUtil.getPreProcessorForInputTypeCnnLayers(inputType, getLayerName());
    }

    public int getChannelsIn() { return channelsIn; }
    public void setChannelsIn(int channelsIn) { this.channelsIn = channelsIn; }
    public int getChannelsOut() { return channelsOut; }
    public void setChannelsOut(int channelsOut) { this.channelsOut = channelsOut; }
    public int getKernelSize() { return kernelSize; }
    public void setKernelSize(int kernelSize) { this.kernelSize = kernelSize; }
    public int getHeight() { return height; }
    public void setHeight(int height) { this.height = height; }
    public int getWidth() { return width; }
    public void setWidth(int width) { this.width = width; }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ConvReluLayer) || !super.equals(o)) {
            return false;
        }
        ConvReluLayer l = (ConvReluLayer) o;
        return channelsIn == l.channelsIn && channelsOut == l.channelsOut && kernelSize == l.kernelSize
                && height == l.height && width == l.width;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), channelsIn, channelsOut, kernelSize, height, width);
    }

    /** The runtime of a {@code ConvReluLayer}: DL4J's {@code summary()} prints its name. */
    public static final class Runtime extends CorrectedSameDiffLayer {
        public Runtime(org.deeplearning4j.nn.conf.NeuralNetConfiguration conf,
                    org.nd4j.linalg.api.buffer.DataType dataType) {
            super(conf, dataType);
        }
    }

    @Override
    protected java.util.function.BiFunction<org.deeplearning4j.nn.conf.NeuralNetConfiguration,
            org.nd4j.linalg.api.buffer.DataType, CorrectedSameDiffLayer> runtime() {
        return Runtime::new;
    }
}
