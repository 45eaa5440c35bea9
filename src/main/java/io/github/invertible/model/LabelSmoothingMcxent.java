package io.github.invertible.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.Objects;

/**
 * Multi-class cross-entropy against smoothed targets (1 − ε)·y + ε/K (DESIGN §6.1; Szegedy et al. 2016, "Rethinking
 * the Inception architecture"). DL4J's MCXENT accepts any probability vector as labels, and its softmax gradient
 * p − y stays exact for them, so this only smooths the labels before delegating. Living in the output layer's
 * configuration, it needs nothing of the training data code: evaluation (accuracy) reads the labels unchanged.
 */
public class LabelSmoothingMcxent extends LossMCXENT {

    private double smoothing;

    /** For Jackson. */
    public LabelSmoothingMcxent() {
    }

    public LabelSmoothingMcxent(double smoothing) {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + smoothing);
        }
        this.smoothing = smoothing;
    }

    /** (1 − ε)·labels + ε/K, a new array (the caller's labels are left alone). */
    public INDArray smooth(INDArray labels) {
        long k = labels.size(1);
        return labels.mul(1 - smoothing).addi(smoothing / k);
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        return super.computeScore(smooth(labels), preOutput, activationFn, mask, average);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return super.computeScoreArray(smooth(labels), preOutput, activationFn, mask);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return super.computeGradient(smooth(labels), preOutput, activationFn, mask);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return super.computeGradientAndScore(smooth(labels), preOutput, activationFn, mask, average);
    }

    public double getSmoothing() { return smoothing; }
    public void setSmoothing(double smoothing) { this.smoothing = smoothing; }

    @Override
    public String name() {
        return "LabelSmoothingMcxent(" + smoothing + ")";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSmoothingMcxent && super.equals(o)
                && Double.compare(smoothing, ((LabelSmoothingMcxent) o).smoothing) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), smoothing);
    }
}
