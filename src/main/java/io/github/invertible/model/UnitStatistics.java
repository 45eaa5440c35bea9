package io.github.invertible.model;

import io.github.invertible.common.ImageShape;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the trainer records of each residual unit after every epoch (DESIGN §6.2, training curves): the tied scale α
 * (tied units only) and the spectral norms of the branch's two maps, ‖W1‖ and ‖W2‖, whose product bounds the
 * branch's Lipschitz constant (DESIGN §3.5). Convolutional units: power iteration on the convolution operator at
 * the unit's own image size; dense units: the exact norm ({@link SpectralNorms#exactDense}).
 */
public final class UnitStatistics {
    /**
     * Power iteration on each convolution operator until the estimate moves by less than {@link #REL_TOL} between
     * steps (at most {@link #ITERATIONS}); it runs in Java doubles from a fixed start ({@link ConvPowerIteration}), so
     * recording the curves draws nothing from ND4J's random generator and leaves the training run unchanged.
     */
    static final double REL_TOL = 1e-10;
    static final int ITERATIONS = 3000;
    /** Seed of the power iteration's fixed start. */
    static final long START_SEED = 12345;

    /**
     * One unit after one epoch.
     *
     * @param alpha  the tied scale α = exp(log α) (W2 = α W1ᵀ), null for untied units
     * @param normW1 ‖W1‖ (spectral norm of the first map)
     * @param normW2 ‖W2‖ (for tied units α‖W1‖)
     */
    public record Unit(Double alpha, double normW1, double normW2) {
        /** The bound ‖W2‖‖W1‖ on the branch's Lipschitz constant. */
        public double branchBound() {
            return normW1 * normW2;
        }
    }

    private UnitStatistics() {
    }

    private static double convNorm(INDArray kernel, int h, int w) {
        return SpectralNorms.convNorm(kernel, h, w, REL_TOL, ITERATIONS, START_SEED);
    }

    /** Every residual unit of {@code net} (built for images of {@code shape}), in the order the graph adds them. */
    public static Map<String, Unit> of(ComputationGraph net, NetworkSpec.Arch arch, ImageShape shape) {
        ComputationGraphConfiguration conf = net.getConfiguration();
        InputType input = NetworkFactory.inputType(arch, shape);
        Map<String, InputType> types = conf.getLayerActivationTypes(input);
        Map<String, Unit> out = new LinkedHashMap<>();
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex lv)) {
                continue;
            }
            org.deeplearning4j.nn.conf.layers.Layer layer = lv.getLayerConf().getLayer();
            boolean conv = layer instanceof ResidualConvUnit;
            if (!conv && !(layer instanceof ResidualDenseUnit)) {
                continue;
            }
            String name = e.getKey();
            UnitWeights w = UnitWeights.of(net, name);
            INDArray logAlpha = net.getLayer(name).paramTable().get(ResidualConvUnit.LOG_ALPHA);
            Double alpha = logAlpha == null ? null : Math.exp(logAlpha.getDouble(0));
            if (conv) {
                InputType.InputTypeConvolutional t = (InputType.InputTypeConvolutional) types.get(name);
                int h = (int) t.getHeight();
                int wd = (int) t.getWidth();
                double n1 = convNorm(w.W1(), h, wd);
                double n2 = alpha != null ? alpha * n1 : convNorm(w.W2(), h, wd);
                out.put(name, new Unit(alpha, n1, n2));
            } else {
                double n1 = SpectralNorms.exactDense(w.W1());
                double n2 = alpha != null ? alpha * n1 : SpectralNorms.exactDense(w.W2());
                out.put(name, new Unit(alpha, n1, n2));
            }
        }
        return out;
    }
}
