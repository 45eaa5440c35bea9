package io.github.invertible.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.LayerConstraint;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonIgnore;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps ||W2||_2 ||W1||_2 <= c for a residual unit by scaling each of W1, W2 to operator norm <= sqrt(c)
 * after every update. Norms are those of the actual linear maps (dense matrix, or SAME convolution on the
 * layer's H x W), estimated by power iteration with vectors kept between steps.
 * Implements {@link LayerConstraint} directly: DL4J's BaseConstraint applies itself twice per parameter.
 */
public class SpectralNormConstraint implements LayerConstraint {

    private double bound;
    private int iterationsPerStep = 1;
    private Set<String> params = new LinkedHashSet<>(List.of(ResidualConvUnit.W1, ResidualConvUnit.W2));

    /** Power-iteration vectors per parameter; training state, not configuration. */
    @JsonIgnore
    private transient Map<String, INDArray> vectors = new HashMap<>();
    /** Same, for convolutions (power iteration in plain Java; see ConvPowerIteration). */
    @JsonIgnore
    private transient Map<String, double[]> convVectors = new HashMap<>();

    /** Vectors handed in by {@link #restoreVectors} before the layer's first step (a resumed run). */
    @JsonIgnore
    private transient Map<String, double[]> restored = new HashMap<>();

    /** For Jackson. */
    public SpectralNormConstraint() {
    }

    public SpectralNormConstraint(double bound) {
        this(bound, 1);
    }

    public SpectralNormConstraint(double bound, int iterationsPerStep) {
        if (!(bound > 0)) {
            throw new IllegalArgumentException("bound must be > 0, got " + bound);
        }
        if (iterationsPerStep < 1) {
            throw new IllegalArgumentException("iterationsPerStep must be >= 1, got " + iterationsPerStep);
        }
        this.bound = bound;
        this.iterationsPerStep = iterationsPerStep;
    }

    @Override
    public void applyConstraint(Layer layer, int iteration, int epoch) {
        project(layer, iterationsPerStep);
    }

    /**
     * Scales W1 and W2 of the layer (in place) to norm <= sqrt(bound).
     *
     * @return the norm estimate of each parameter before scaling
     */
    public Map<String, Double> project(Layer layer, int iterations) {
        Map<String, Double> estimates = new LinkedHashMap<>();
        double target = Math.sqrt(bound);
        for (String p : params) {
            if (!layer.paramTable().containsKey(p)) {
                continue;
            }
            INDArray w = layer.getParam(p);
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            double sigma;
            if (conf instanceof ResidualConvUnit) {
                ResidualConvUnit unit = (ResidualConvUnit) conf;
                ConvPowerIteration op = new ConvPowerIteration(w, unit.getHeight(), unit.getWidth());
                sigma = op.iterate(convVectorFor(p, op), iterations);
            } else {
                LinearOperator op = operatorFor(conf, w);
                sigma = PowerIteration.run(op, vectorFor(p, op), -1, iterations);
            }
            estimates.put(p, sigma);
            if (sigma > target) {
                w.muli(target / sigma); // a view: scales the layer's weights
            }
        }
        return estimates;
    }

    private static LinearOperator operatorFor(org.deeplearning4j.nn.conf.layers.Layer conf, INDArray w) {
        if (w.rank() == 2) {
            return SpectralNorms.denseOperator(w);
        }
        throw new IllegalStateException("SpectralNormConstraint does not know the operator of layer "
                + conf.getLayerName() + " (" + conf.getClass().getSimpleName() + ")");
    }

    private double[] convVectorFor(String param, ConvPowerIteration op) {
        if (convVectors == null) {
            convVectors = new HashMap<>();
        }
        double[] u = convVectors.get(param);
        if (u == null || u.length != op.inputLength()) {
            double[] saved = restoredVector(param, op.inputLength());
            u = saved != null ? saved : op.randomInput(param.hashCode());
            convVectors.put(param, u);
        }
        return u;
    }

    private INDArray vectorFor(String param, LinearOperator op) {
        if (vectors == null) {
            vectors = new HashMap<>();
        }
        INDArray u = vectors.get(param);
        if (u == null || !Arrays.equals(u.shape(), op.inputShape())) {
            u = op.newInputVector();
            double[] saved = restoredVector(param, u.length());
            if (saved != null) {
                // float -> double -> float is exact, so the vector is the one the checkpointed run had
                u.assign(Nd4j.create(saved, u.shape()).castTo(u.dataType()));
            }
            vectors.put(param, u);
        }
        return u;
    }

    private double[] restoredVector(String param, long length) {
        double[] saved = restored == null ? null : restored.remove(param);
        return saved != null && saved.length == length ? saved : null;
    }

    /**
     * The power-iteration vectors of this layer's parameters, which are training state: a checkpoint stores them
     * so that a resumed run continues the same iteration and is bit-identical to an uninterrupted one.
     */
    public Map<String, double[]> vectorState() {
        Map<String, double[]> out = new LinkedHashMap<>();
        if (vectors != null) {
            vectors.forEach((p, u) -> out.put(p, u.toDoubleVector()));
        }
        if (convVectors != null) {
            convVectors.forEach((p, u) -> out.put(p, u.clone()));
        }
        return out;
    }

    /** Hands in vectors saved by {@link #vectorState}; each is used at its parameter's next projection. */
    public void restoreVectors(Map<String, double[]> state) {
        restored = new HashMap<>(state);
        vectors = new HashMap<>();
        convVectors = new HashMap<>();
    }

    @Override
    public void setParams(Set<String> params) {
        this.params = new LinkedHashSet<>(params);
    }

    @Override
    public Set<String> getParams() {
        return params;
    }

    public double getBound() { return bound; }
    public void setBound(double bound) { this.bound = bound; }
    public int getIterationsPerStep() { return iterationsPerStep; }
    public void setIterationsPerStep(int iterationsPerStep) { this.iterationsPerStep = iterationsPerStep; }

    @Override
    public SpectralNormConstraint clone() {
        SpectralNormConstraint c = new SpectralNormConstraint(bound, iterationsPerStep);
        c.setParams(params);
        return c;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SpectralNormConstraint)) {
            return false;
        }
        SpectralNormConstraint c = (SpectralNormConstraint) o;
        return Double.compare(bound, c.bound) == 0 && iterationsPerStep == c.iterationsPerStep
                && Objects.equals(params, c.params);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bound, iterationsPerStep, params);
    }
}
