package io.github.invertible.model;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Objects;

/**
 * Fully connected residual unit on rows [N, n]: y = x + relu(x W1 + b1) W2 + b2, DL4J convention
 * W1 [n,k], b1 [1,k], W2 [k,n], b2 [1,n]. In tied mode W2 = exp(logAlpha) W1^T is not a parameter.
 */
public class ResidualDenseUnit extends CorrectedSameDiffLayerConfig implements InvertibleLayer {

    public static final String W1 = "W1";
    public static final String B1 = "b1";
    public static final String W2 = "W2";
    public static final String B2 = "b2";
    public static final String LOG_ALPHA = "logAlpha";

    private int size;
    private int hidden;
    private boolean tied;
    private double logAlphaInit = Math.log(0.1);
    /** Untied W2 starts at this fraction of a He-scaled matrix so the unit starts close to identity. */
    private double w2InitScale = 0.1;

    /** For Jackson. */
    public ResidualDenseUnit() {
    }

    /** @param size n (0 = take it from the input type), hidden k. */
    public ResidualDenseUnit(int size, int hidden, boolean tied) {
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden width must be positive, got " + hidden);
        }
        this.size = size;
        this.hidden = hidden;
        this.tied = tied;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        SDVariable w1 = p.get(W1);
        SDVariable act = sd.nn().relu(x.mmul(w1).add(p.get(B1)), 0.0);
        SDVariable w2 = tied ? w1.permute(1, 0).mul(sd.math().exp(p.get(LOG_ALPHA))) : p.get(W2);
        return x.add(act.mmul(w2).add(p.get(B2)));
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(W1, size, hidden);
        if (!tied) {
            params.addWeightParam(W2, hidden, size);
        }
        params.addBiasParam(B1, 1, hidden);
        params.addBiasParam(B2, 1, size);
        if (tied) {
            params.addBiasParam(LOG_ALPHA, 1, 1);
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        INDArray w1 = params.get(W1);
        w1.assign(Nd4j.randn(w1.dataType(), w1.shape()).muli(Math.sqrt(2.0 / size)));
        if (!tied) {
            INDArray w2 = params.get(W2);
            w2.assign(Nd4j.randn(w2.dataType(), w2.shape()).muli(w2InitScale * Math.sqrt(2.0 / hidden)));
        } else {
            params.get(LOG_ALPHA).assign(logAlphaInit);
        }
        params.get(B1).assign(0);
        params.get(B2).assign(0);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward(flatSize(inputType));
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (override || size <= 0) {
            size = (int) flatSize(inputType);
        }
        setLayerParams(null); // parameter shapes depend on n: let them be redefined lazily
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        if (inputType instanceof InputType.InputTypeConvolutional) {
            InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) inputType;
            return new CnnToFeedForwardPreProcessor(c.getHeight(), c.getWidth(), c.getChannels());
        }
        return null;
    }

    private static long flatSize(InputType inputType) {
        if (inputType instanceof InputType.InputTypeFeedForward) {
            return ((InputType.InputTypeFeedForward) inputType).getSize();
        }
        return inputType.arrayElementsPerExample();
    }

    public int getSize() { return size; }
    public void setSize(int size) { this.size = size; }
    public int getHidden() { return hidden; }
    public void setHidden(int hidden) { this.hidden = hidden; }
    public boolean isTied() { return tied; }
    public void setTied(boolean tied) { this.tied = tied; }
    public double getLogAlphaInit() { return logAlphaInit; }
    public void setLogAlphaInit(double logAlphaInit) { this.logAlphaInit = logAlphaInit; }
    public double getW2InitScale() { return w2InitScale; }
    public void setW2InitScale(double w2InitScale) { this.w2InitScale = w2InitScale; }

    @Override
    public Kind kind() {
        return Kind.RESIDUAL_DENSE;
    }

    /** Its piece (DESIGN §3); {@code defineLayer} above stays the training path. */
    @Override
    public <P> P piece(PieceFactory<P> factory, String name, Map<String, INDArray> params) {
        return factory.denseUnit(name, UnitWeights.ofDense(this, params), tied);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ResidualDenseUnit) || !super.equals(o)) {
            return false;
        }
        ResidualDenseUnit u = (ResidualDenseUnit) o;
        return size == u.size && hidden == u.hidden && tied == u.tied
                && Double.compare(logAlphaInit, u.logAlphaInit) == 0
                && Double.compare(w2InitScale, u.w2InitScale) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), size, hidden, tied, logAlphaInit, w2InitScale);
    }

    /** The runtime of a {@code ResidualDenseUnit}: DL4J's {@code summary()} prints its name. */
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
