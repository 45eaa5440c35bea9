package io.github.invertible.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The invertible part of a network: the chain of vertices from the input up to (not including) the
 * first vertex that is not an invertible piece, read from the graph configuration (works on loaded models).
 *
 * @param input    name of the network input the chain starts from
 * @param vertices invertible vertices in forward order
 * @param top      name of the last invertible vertex (the input itself when the chain is empty)
 */
public record FeatureStage(String input, List<Vertex> vertices, String top) {

    /** A vertex of the chain and its invertible layer. */
    public record Vertex(String name, InvertibleLayer.Kind kind) {
    }

    public FeatureStage {
        vertices = List.copyOf(vertices);
    }

    public static FeatureStage of(ComputationGraph net) {
        return of(net.getConfiguration());
    }

    public static FeatureStage of(ComputationGraphConfiguration conf) {
        String input = conf.getNetworkInputs().get(0);
        List<Vertex> chain = new ArrayList<>();
        String current = input;
        while (true) {
            String next = soleConsumer(conf, current);
            InvertibleLayer.Kind kind = next == null ? null : kindOf(conf.getVertices().get(next));
            if (kind == null) {
                break;
            }
            chain.add(new Vertex(next, kind));
            current = next;
        }
        return new FeatureStage(input, chain, current);
    }

    public List<String> names() {
        return vertices.stream().map(Vertex::name).toList();
    }

    private static String soleConsumer(ComputationGraphConfiguration conf, String vertex) {
        String found = null;
        for (Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
            if (e.getValue().contains(vertex)) {
                if (found != null) {
                    return null; // a branch: the invertible chain ends here
                }
                found = e.getKey();
            }
        }
        return found;
    }

    /** Kind of an invertible vertex, or null if the vertex is not one of the invertible pieces. */
    static InvertibleLayer.Kind kindOf(GraphVertex v) {
        return invertible(v).map(InvertibleLayer::kind).orElse(null);
    }

    /** The invertible layer of a graph vertex: a layer vertex without preprocessor whose layer is a piece. */
    static Optional<InvertibleLayer> invertible(GraphVertex v) {
        if (!(v instanceof LayerVertex lv) || lv.getPreProcessor() != null) {
            return Optional.empty(); // a reshape in front (e.g. CNN -> FF) means we are at the head
        }
        return InvertibleLayer.of(lv.getLayerConf().getLayer());
    }
}
