package io.github.invertible.api;

import io.github.invertible.common.UserError;
import io.github.invertible.inversion.FeatureStageInverter;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.inversion.InverseOptions;
import io.github.invertible.inversion.NetworkInversion;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trained network whose feature stage is invertible (a model zip written by {@code train}, e.g. the shipped
 * {@code model/conv-tied.zip}): its hidden representation of a batch of images, and the images recovered from it
 * with the proposed method's certificate (|F(x) − y| / |y| below the tolerance at every vertex, F re-applied in
 * double precision).
 */
public final class InvertibleNetwork {
    private final ComputationGraph graph;
    private final FeatureStageInverter inverter;

    private InvertibleNetwork(ComputationGraph graph, FeatureStageInverter inverter) {
        this.graph = graph;
        this.inverter = inverter;
    }

    /** Wraps a graph built with this library's invertible layers (the feature stage is read from it). */
    public static InvertibleNetwork of(ComputationGraph graph) {
        return new InvertibleNetwork(graph, FeatureStageInverter.of(graph));
    }

    /** Loads a model zip; a missing or unreadable file is a {@link UserError} naming it. */
    public static InvertibleNetwork load(Path zip) {
        if (!Files.isRegularFile(zip)) {
            throw new UserError("model file not found: " + zip);
        }
        ComputationGraph graph;
        try {
            graph = ModelSerializer.restoreComputationGraph(zip.toFile(), false);
        } catch (Exception e) {
            throw new UserError("cannot read model file " + zip + ": not a DL4J ComputationGraph zip ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        try {
            return of(graph);
        } catch (IllegalArgumentException e) {
            throw new UserError(zip + ": " + e.getMessage(), e);
        }
    }

    public ComputationGraph graph() {
        return graph;
    }

    /** The top vertex of the invertible feature stage. */
    public String hiddenLayer() {
        return inverter.top();
    }

    /** The hidden representation of {@code images} at {@link #hiddenLayer()}, as DL4J computes it (inference). */
    public INDArray hidden(INDArray images) {
        return graph.feedForward(images, false).get(hiddenLayer());
    }

    /** The predicted class of each image. */
    public int[] predict(INDArray images) {
        return graph.outputSingle(images).argMax(1).toIntVector();
    }

    /** Recovers {@code images} from their hidden representation (proposed method, default tolerance 1e-6). */
    public Recovery recover(INDArray images) {
        NetworkInversion inv = inverter.invert(hidden(images), hiddenLayer(), InverseMethod.PROPOSED,
                InverseOptions.defaults());
        INDArray original = images.castTo(DataType.DOUBLE);
        double[] error = new double[(int) original.size(0)];
        for (int i = 0; i < error.length; i++) {
            INDArray a = original.get(NDArrayIndex.point(i));
            error[i] = inv.x().get(NDArrayIndex.point(i)).distance2(a) / a.norm2Number().doubleValue();
        }
        return new Recovery(inv, error);
    }

    /**
     * The recovered images ({@code inversion.x()}) with, per image, whether every piece certified its inverse and
     * the relative distance |x − original| / |original| (an independent check of the recovered pixels).
     */
    public record Recovery(NetworkInversion inversion, double[] pixelError) {
        public boolean certified(int i) {
            return inversion.certified(i);
        }

        public INDArray images() {
            return inversion.x();
        }
    }
}
