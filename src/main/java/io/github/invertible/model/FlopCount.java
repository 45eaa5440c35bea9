package io.github.invertible.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multiply-accumulates of one image through a network, counted analytically from its configuration
 * (docs/DESIGN.md §10.1), and the floating-point operations of one training image derived from them.
 *
 * <p>Counted: every product of a weight with an activation — a convolution costs (its weight count) ×
 * (output positions), a dense layer its weight count, a residual unit its two convolutions (a tied unit
 * applies W₁ and then W₁ᵀ: the same count). Not counted: biases, activations, pooling, space-to-depth, channel
 * padding, dropout and the loss — elementwise work, a few per cent of the products here, and not GEMM work.
 * A training image costs three products of each size: the forward one, the gradient with respect to the
 * layer's input and the gradient with respect to its weights (the usual 3× rule; DL4J also forms the input
 * gradient of the first layer), at 2 floating-point operations per multiply-accumulate.
 *
 * <p>Written by hand because DL4J reports parameter counts and memory estimates per layer, not operations.
 */
public final class FlopCount {
    /**
     * One layer's work per image: its multiply-accumulates, and the activation values (inputs, hidden and outputs of
     * its products) and weights those products touch — what a roofline needs (bytes moved per operation).
     */
    public record LayerWork(long macs, long activations, long weights) {
        /** Floating-point operations of one training image: three products, 2 operations per multiply-accumulate. */
        public double trainingFlops() {
            return 6.0 * macs;
        }

        /**
         * Bytes (float) one training image moves at the least, with every product reading its operands and writing
         * its result once: the forward (input, output), the input gradient (output gradient, input gradient) and the
         * weight gradient (input, output gradient) each touch every activation once; the weights are read twice and
         * their gradient written once per batch of {@code batch} images.
         */
        public double trainingBytes(int batch) {
            return 4.0 * (3.0 * activations + 3.0 * weights / (double) batch);
        }
    }

    /** The work per image of each layer that has products, in the order the layers were added. */
    private final Map<String, LayerWork> work;

    private FlopCount(Map<String, LayerWork> work) {
        this.work = work;
    }

    /** Counts the network {@code spec} builds for images of {@code shape}. */
    public static FlopCount of(NetworkSpec spec, io.github.invertible.common.ImageShape shape) {
        return of(NetworkFactory.configuration(spec, shape, g -> { }), NetworkFactory.inputType(spec.arch(), shape));
    }

    /** Counts the layers of {@code conf} for one input of {@code input}'s type. */
    public static FlopCount of(ComputationGraphConfiguration conf, InputType input) {
        Map<String, InputType> types = conf.getLayerActivationTypes(input);
        Map<String, LayerWork> work = new LinkedHashMap<>();
        String inputName = conf.getNetworkInputs().get(0);
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) { // in the order they were added
            String name = e.getKey();
            GraphVertex v = e.getValue();
            if (!(v instanceof LayerVertex lv)) {
                continue;
            }
            List<String> in = conf.getVertexInputs().get(name);
            InputType inType = in.get(0).equals(inputName) ? input : types.get(in.get(0));
            Layer layer = lv.getLayerConf().getLayer();
            long m = layerMacs(layer, inType, types.get(name));
            if (m > 0) {
                work.put(name, new LayerWork(m, activations(layer, inType, types.get(name)),
                        layer.initializer().numParams(layer)));
            }
        }
        return new FlopCount(work);
    }

    /** Multiply-accumulates of one image through {@code layer} (input and output types as DL4J infers them). */
    static long layerMacs(Layer layer, InputType in, InputType out) {
        if (layer instanceof ResidualConvUnit u) {
            InputType.InputTypeConvolutional o = (InputType.InputTypeConvolutional) out;
            return 2L * u.getChannels() * u.getHidden() * u.getKernelSize() * u.getKernelSize()
                    * o.getHeight() * o.getWidth();
        }
        if (layer instanceof ResidualDenseUnit u) {
            return 2L * u.getSize() * u.getHidden();
        }
        if (layer instanceof ConvReluLayer c) {
            InputType.InputTypeConvolutional i = (InputType.InputTypeConvolutional) in;
            InputType.InputTypeConvolutional o = (InputType.InputTypeConvolutional) out;
            return i.getChannels() * c.getChannelsOut() * (long) c.getKernelSize() * c.getKernelSize()
                    * o.getHeight() * o.getWidth();
        }
        if (layer instanceof ConvolutionLayer c) { // before FeedForwardLayer: a ConvolutionLayer is one
            InputType.InputTypeConvolutional o = (InputType.InputTypeConvolutional) out;
            return c.getNIn() * c.getNOut() * (long) c.getKernelSize()[0] * c.getKernelSize()[1]
                    * o.getHeight() * o.getWidth();
        }
        if (layer instanceof FeedForwardLayer f && f.getNIn() > 0) {
            return f.getNIn() * f.getNOut();
        }
        return 0;
    }

    /**
     * Activation values per image the products of {@code layer} read or write: input and output, and for a residual
     * unit the hidden image twice (the output of its first convolution, the input of its second).
     */
    static long activations(Layer layer, InputType in, InputType out) {
        long io = in.arrayElementsPerExample() + out.arrayElementsPerExample();
        if (layer instanceof ResidualConvUnit u) {
            InputType.InputTypeConvolutional o = (InputType.InputTypeConvolutional) out;
            return io + 2L * u.getHidden() * o.getHeight() * o.getWidth();
        }
        if (layer instanceof ResidualDenseUnit u) {
            return io + 2L * u.getHidden();
        }
        return io;
    }

    /** Multiply-accumulates per image by layer name (layers without products left out). */
    public Map<String, Long> macsByLayer() {
        Map<String, Long> m = new LinkedHashMap<>();
        work.forEach((k, v) -> m.put(k, v.macs()));
        return m;
    }

    /** Work per image by layer name, in the order the layers were added (layers without products left out). */
    public Map<String, LayerWork> workByLayer() {
        return java.util.Collections.unmodifiableMap(work);
    }

    /** Multiply-accumulates of one image's forward pass. */
    public long forwardMacs() {
        return work.values().stream().mapToLong(LayerWork::macs).sum();
    }

    /** Floating-point operations of one image's forward pass (2 per multiply-accumulate). */
    public double forwardFlops() {
        return 2.0 * forwardMacs();
    }

    /** Floating-point operations of one training image: forward, input gradient and weight gradient. */
    public double trainingFlops() {
        return 3 * forwardFlops();
    }
}
