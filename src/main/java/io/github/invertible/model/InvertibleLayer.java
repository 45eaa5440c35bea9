package io.github.invertible.model;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SpaceToDepthLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A DL4J layer configuration that is an invertible map (DESIGN §3): it names its family and hands its trained
 * parameters to a {@link PieceFactory}, which builds the family's math object (the inversion package builds
 * pieces with inverters; tests build other things). The feature stage is walked with {@link #of(Layer)}, without
 * a type switch: our own layers implement this interface, DL4J's built-in invertible layers are adapted here.
 */
public interface InvertibleLayer {

    /** The family of invertible maps this layer belongs to (DESIGN §3). */
    enum Kind { SQUEEZE, PAD, RESIDUAL_CONV, RESIDUAL_DENSE;

        /** Residual units are inverted iteratively (the other families in closed form). */
        public boolean iterative() {
            return this == RESIDUAL_CONV || this == RESIDUAL_DENSE;
        }
    }

    /** Builds one piece per family from a layer's configuration and parameters. */
    interface PieceFactory<P> {
        /** Space-to-depth with the given block size. */
        P squeeze(String name, int block);

        /** Zero channels appended behind {@code channelsIn}, up to {@code channelsOut}. */
        P channelPad(String name, int channelsIn, int channelsOut);

        /** y = x + conv(relu(conv(x, W1) + b1), W2) + b2 (W2 materialised for tied units). */
        P convUnit(String name, UnitWeights weights, boolean tied);

        /** y = x + W2 relu(W1 x + b1) + b2 (W2 materialised for tied units). */
        P denseUnit(String name, UnitWeights weights, boolean tied);
    }

    Kind kind();

    /** This layer's piece, built by {@code factory} from the layer's parameters (DL4J's param table). */
    <P> P piece(PieceFactory<P> factory, String name, Map<String, INDArray> params);

    /** DL4J's own layers that are invertible pieces, adapted (one entry per class). */
    Map<Class<? extends Layer>, Function<Layer, InvertibleLayer>> BUILT_IN = Map.of(
            SpaceToDepthLayer.class, l -> new InvertibleLayer() {
                @Override
                public Kind kind() {
                    return Kind.SQUEEZE;
                }

                @Override
                public <P> P piece(PieceFactory<P> factory, String name, Map<String, INDArray> params) {
                    return factory.squeeze(name, ((SpaceToDepthLayer) l).getBlockSize());
                }
            });

    /** The invertible view of a layer configuration, empty if the layer is not an invertible piece. */
    static Optional<InvertibleLayer> of(Layer layer) {
        if (layer instanceof InvertibleLayer il) {
            return Optional.of(il);
        }
        Function<Layer, InvertibleLayer> adapter = BUILT_IN.get(layer.getClass());
        return Optional.ofNullable(adapter == null ? null : adapter.apply(layer));
    }
}
