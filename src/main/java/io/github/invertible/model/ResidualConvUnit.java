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
 * Convolutional residual unit y = x + conv(relu(conv(x, W1) + b1), W2) + b2 (stride 1, SAME, NCHW).
 * <p>
 * Parameters in DL4J kernel layout [out, in, kH, kW]: W1 [K,C,k,k], b1 [1,K], W2 [C,K,k,k], b2 [1,C].
 * In tied mode W2 is not a parameter: W2 = exp(logAlpha) * adjoint(W1) (channels swapped, kernel
 * flipped), which makes the branch alpha W1^T relu(W1 x + b1) + b2 with W1^T the true adjoint.
 * The spatial size H x W seen at configuration time is kept: the spectral-norm constraint needs it.
 */
public class ResidualConvUnit extends CorrectedSameDiffLayerConfig implements InvertibleLayer {

    public static final String W1 = "W1";
    public static final String B1 = "b1";
    public static final String W2 = "W2";
    public static final String B2 = "b2";
    public static final String LOG_ALPHA = "logAlpha";

    private int channels;
    private int hidden;
    private int kernelSize = 3;
    private boolean tied;
    private double logAlphaInit = Math.log(0.1);
    /** Untied W2 starts at this fraction of a He-scaled kernel so the unit starts close to identity. */
    private double w2InitScale = 0.1;
    private int height;
    private int width;

    /** For Jackson. */
    public ResidualConvUnit() {
    }

    /** @param channels C (0 = take it from the input type), hidden K, kernel size (odd). */
    public ResidualConvUnit(int channels, int hidden, int kernelSize, boolean tied) {
        if (kernelSize % 2 == 0 || kernelSize < 1) {
            throw new IllegalArgumentException("kernel size must be odd and positive, got " + kernelSize);
        }
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden channels must be positive, got " + hidden);
        }
        this.channels = channels;
        this.hidden = hidden;
        this.kernelSize = kernelSize;
        this.tied = tied;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        var cfg = ConvKernels.sameConfig(kernelSize, kernelSize);
        SDVariable w1 = p.get(W1);
        SDVariable pre = sd.cnn().conv2d(x, w1.permute(2, 3, 1, 0), p.get(B1).reshape(hidden), cfg);
        SDVariable act = sd.nn().relu(pre, 0.0);
        SDVariable w2yxio;
        if (tied) {
            // YXIO of adjoint(W1): [y,x,k,c] = W1[k,c,flip y,flip x]. The flip is a product with the exchange
            // matrix: sd.reverse leaked ~4 MB of native memory per training step in M2.1, and deconv2d (the
            // transposed convolution, no flip needed) trained ~4x slower.
            SDVariable alpha = sd.math().exp(p.get(LOG_ALPHA));
            int taps = kernelSize * kernelSize;
            SDVariable flipped = w1.reshape(hidden * channels, taps).mmul(sd.constant(exchange(taps, w1.dataType())))
                    .reshape(hidden, channels, kernelSize, kernelSize);
            w2yxio = flipped.permute(2, 3, 0, 1).mul(alpha);
        } else {
            w2yxio = p.get(W2).permute(2, 3, 1, 0);
        }
        SDVariable branch = sd.cnn().conv2d(act, w2yxio, p.get(B2).reshape(channels), cfg);
        return x.add(branch);
    }

    /** The n x n exchange matrix (ones on the anti-diagonal): v J reverses v. */
    static INDArray exchange(int n, org.nd4j.linalg.api.buffer.DataType type) {
        INDArray j = Nd4j.zeros(type, n, n);
        for (int i = 0; i < n; i++) {
            j.putScalar(i, n - 1 - i, 1.0);
        }
        return j;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(W1, hidden, channels, kernelSize, kernelSize);
        if (!tied) {
            params.addWeightParam(W2, channels, hidden, kernelSize, kernelSize);
        }
        params.addBiasParam(B1, 1, hidden);
        params.addBiasParam(B2, 1, channels);
        if (tied) {
            params.addBiasParam(LOG_ALPHA, 1, 1);
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        INDArray w1 = params.get(W1);
        double fanIn1 = (double) channels * kernelSize * kernelSize;
        w1.assign(Nd4j.randn(w1.dataType(), w1.shape()).muli(Math.sqrt(2.0 / fanIn1)));
        if (!tied) {
            INDArray w2 = params.get(W2);
            double fanIn2 = (double) hidden * kernelSize * kernelSize;
            w2.assign(Nd4j.randn(w2.dataType(), w2.shape()).muli(w2InitScale * Math.sqrt(2.0 / fanIn2)));
        } else {
            params.get(LOG_ALPHA).assign(logAlphaInit);
        }
        params.get(B1).assign(0);
        params.get(B2).assign(0);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        LayerInputs.requireConvolutional("ResidualConvUnit", getLayerName(), inputType);
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        InputType.InputTypeConvolutional it = LayerInputs.requireConvolutional("ResidualConvUnit", getLayerName(), inputType);
        if (override || channels <= 0) {
            channels = (int) it.getChannels();
        }
        height = (int) it.getHeight();
        width = (int) it.getWidth();
        setLayerParams(null); // parameter shapes depend on C: let them be redefined lazily
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return InputTypeUtil.getPreProcessorForInputTypeCnnLayers(inputType, getLayerName());
    }


    public int getChannels() { return channels; }
    public void setChannels(int channels) { this.channels = channels; }
    public int getHidden() { return hidden; }
    public void setHidden(int hidden) { this.hidden = hidden; }
    public int getKernelSize() { return kernelSize; }
    public void setKernelSize(int kernelSize) { this.kernelSize = kernelSize; }
    public boolean isTied() { return tied; }
    public void setTied(boolean tied) { this.tied = tied; }
    public double getLogAlphaInit() { return logAlphaInit; }
    public void setLogAlphaInit(double logAlphaInit) { this.logAlphaInit = logAlphaInit; }
    public double getW2InitScale() { return w2InitScale; }
    public void setW2InitScale(double w2InitScale) { this.w2InitScale = w2InitScale; }
    public int getHeight() { return height; }
    public void setHeight(int height) { this.height = height; }
    public int getWidth() { return width; }
    public void setWidth(int width) { this.width = width; }

    @Override
    public Kind kind() {
        return Kind.RESIDUAL_CONV;
    }

    /** Its piece (DESIGN §3); {@code defineLayer} above stays the training path. */
    @Override
    public <P> P piece(PieceFactory<P> factory, String name, Map<String, INDArray> params) {
        return factory.convUnit(name, UnitWeights.ofConv(this, params), tied);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ResidualConvUnit) || !super.equals(o)) {
            return false;
        }
        ResidualConvUnit u = (ResidualConvUnit) o;
        return channels == u.channels && hidden == u.hidden && kernelSize == u.kernelSize && tied == u.tied
                && Double.compare(logAlphaInit, u.logAlphaInit) == 0
                && Double.compare(w2InitScale, u.w2InitScale) == 0
                && height == u.height && width == u.width;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), channels, hidden, kernelSize, tied, logAlphaInit, w2InitScale,
                height, width);
    }

    /** The runtime of a {@code ResidualConvUnit}: DL4J's {@code summary()} prints its name. */
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
