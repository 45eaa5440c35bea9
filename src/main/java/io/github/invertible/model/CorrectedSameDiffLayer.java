package io.github.invertible.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * DL4J's SameDiff layer runtime with its backprop corrected.
 * <p>
 * In 1.0.0-M2.1 every gradient of a SameDiff layer comes out exactly twice the true value:
 * {@code ExternalErrorsFunction.doDiff} both registers the error placeholder as the output's gradient
 * and returns it, and SameDiff adds the two. We halve the incoming error so parameter gradients and the
 * error passed further down are exact (checked by GradientCheckTest, which fails if DL4J ever fixes this).
 */
public class CorrectedSameDiffLayer extends SameDiffLayer {

    public CorrectedSameDiffLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        return super.backpropGradient(epsilon.mul(0.5), workspaceMgr);
    }

    /**
     * Same wiring as {@code conf.layers.samediff.SameDiffLayer#instantiate}, with the corrected runtime made by
     * {@code runtime}: each layer family has a runtime subclass named after it, so that DL4J's {@code summary()},
     * which prints the runtime's class name, names the family rather than this class.
     */
    static Layer instantiate(org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer layerConf,
                             NeuralNetConfiguration conf, int layerIndex, INDArray paramsView,
                             boolean initializeParams, DataType dataType,
                             java.util.function.BiFunction<NeuralNetConfiguration, DataType, CorrectedSameDiffLayer> runtime) {
        CorrectedSameDiffLayer layer = runtime.apply(conf, dataType);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        Map<String, INDArray> params = layerConf.initializer().init(conf, paramsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }
}
