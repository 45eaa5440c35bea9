package io.github.invertible.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * Configuration base of this project's SameDiff layers with parameters: they run on the runtime whose
 * backprop is not doubled (see {@link CorrectedSameDiffLayer}). No fields, so it does not change the JSON.
 */
public abstract class CorrectedSameDiffLayerConfig extends SameDiffLayer {

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView, boolean initializeParams,
            DataType dataType) {
        return CorrectedSameDiffLayer.instantiate(this, conf, layerIndex, paramsView, initializeParams, dataType,
                runtime());
    }

    /** The runtime of this family: a subclass named after it, for DL4J's summary (see {@link CorrectedSameDiffLayer}). */
    protected abstract java.util.function.BiFunction<NeuralNetConfiguration, DataType, CorrectedSameDiffLayer> runtime();
}
