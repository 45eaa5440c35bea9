package io.github.invertible.inversion;

import io.github.invertible.inversion.piece.ChannelPadPiece;
import io.github.invertible.inversion.piece.ConvResidualMap;
import io.github.invertible.inversion.piece.ConvUnitPiece;
import io.github.invertible.inversion.piece.DenseResidualMap;
import io.github.invertible.inversion.piece.DenseUnitPiece;
import io.github.invertible.inversion.piece.InvertiblePiece;
import io.github.invertible.inversion.piece.SqueezePiece;
import io.github.invertible.model.FeatureStage;
import io.github.invertible.model.InvertibleLayer;
import io.github.invertible.model.UnitWeights;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature stage of a trained graph as a chain of {@link InvertiblePiece}s in DOUBLE precision,
 * built from the weights of the DL4J layers: forward from the input to any hidden vertex, and the
 * certified inverse from any hidden vertex back to the input, piece by piece.
 */
public final class FeatureStageInverter {
    private final FeatureStage stage;
    private final List<InvertiblePiece> pieces;
    private boolean dropPaddedChannels;
    private InvertiblePiece.Tuning tuning = InvertiblePiece.Tuning.defaults();

    private FeatureStageInverter(FeatureStage stage, List<InvertiblePiece> pieces) {
        this.stage = stage;
        this.pieces = pieces;
    }

    public static FeatureStageInverter of(ComputationGraph net) {
        FeatureStage stage = FeatureStage.of(net);
        if (stage.vertices().isEmpty()) {
            throw new IllegalArgumentException("the model has no invertible feature stage (its first layer "
                    + "after '" + stage.input() + "' is not an invertible piece)");
        }
        List<InvertiblePiece> pieces = new ArrayList<>();
        for (FeatureStage.Vertex v : stage.vertices()) {
            pieces.add(piece(net, v));
        }
        return new FeatureStageInverter(stage, pieces);
    }

    private static InvertiblePiece piece(ComputationGraph net, FeatureStage.Vertex v) {
        var layer = net.getLayer(v.name());
        return InvertibleLayer.of(layer.conf().getLayer()).orElseThrow()
                .piece(PIECES, v.name(), layer.paramTable());
    }

    /** Builds each family's piece, with its inverter for residual units (DESIGN §3). */
    static final InvertibleLayer.PieceFactory<InvertiblePiece> PIECES = new InvertibleLayer.PieceFactory<>() {
        @Override
        public InvertiblePiece squeeze(String name, int block) {
            return new SqueezePiece(name, block);
        }

        @Override
        public InvertiblePiece channelPad(String name, int channelsIn, int channelsOut) {
            return new ChannelPadPiece(name, channelsIn, channelsOut);
        }

        @Override
        public InvertiblePiece convUnit(String name, UnitWeights w, boolean tied) {
            ConvResidualMap unit = new ConvResidualMap(w.W1(), w.b1(), w.W2(), w.b2());
            // tied: W2 = alpha adjoint(W1), so every pattern system is SPD and CG applies
            return new ConvUnitPiece(name, unit, new ConvResidualInverter(unit, tied));
        }

        @Override
        public InvertiblePiece denseUnit(String name, UnitWeights w, boolean tied) {
            return new DenseUnitPiece(name,
                    new DenseResidualInverter(DenseResidualMap.of(w.W1(), w.b1(), w.W2(), w.b2())));
        }
    };

    /**
     * Mixed precision of the convolutional units' iterations (default true; false = the all-double
     * reference path, kept for comparison). Results are certified in double either way.
     */
    public FeatureStageInverter mixedPrecision(boolean on) {
        return tune(new InvertiblePiece.Tuning(on, tuning.certifyFromBase(), tuning.chunkSize()));
    }

    private FeatureStageInverter tune(InvertiblePiece.Tuning t) {
        this.tuning = t;
        pieces.forEach(p -> p.tune(t));
        return this;
    }

    /**
     * Off (default): a representation whose padded channels are not ~0 is NOT_IN_RANGE at the padding. On: the
     * padding's inverse drops those channels (the orthogonal projection onto its range, DESIGN §8.3), so any
     * representation, in the range or not, is mapped back to an input.
     */
    public FeatureStageInverter dropPaddedChannels(boolean on) {
        this.dropPaddedChannels = on;
        return this;
    }

    /** See {@link ConvResidualInverter#certifyFromBase(boolean)} (default true). */
    public FeatureStageInverter certifyFromBase(boolean on) {
        return tune(new InvertiblePiece.Tuning(tuning.mixedPrecision(), on, tuning.chunkSize()));
    }

    /** Samples each convolutional unit's inverter processes together (see {@link ConvResidualInverter#chunkSize}). */
    public FeatureStageInverter chunkSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("chunk size must be positive: " + n);
        }
        return tune(new InvertiblePiece.Tuning(tuning.mixedPrecision(), tuning.certifyFromBase(), n));
    }

    /**
     * Work done so far by each convolutional unit's inverter, keyed by vertex name: {operator applications (two
     * convolutions each), double-precision forward passes}, both counted per sample.
     */
    public Map<String, long[]> convWork() {
        Map<String, long[]> w = new LinkedHashMap<>();
        for (InvertiblePiece p : pieces) {
            long[] work = p.work();
            if (work != null) {
                w.put(p.name(), work);
            }
        }
        return w;
    }

    public FeatureStage stage() {
        return stage;
    }

    /** Names of the invertible vertices, input side first. */
    public List<String> vertexNames() {
        return stage.names();
    }

    /** Names of the residual units (the pieces that iterate). */
    public List<String> unitNames() {
        return stage.vertices().stream()
                .filter(v -> v.kind().iterative())
                .map(FeatureStage.Vertex::name).toList();
    }

    /** The top vertex of the feature stage (the default to invert from). */
    public String top() {
        return stage.top();
    }

    /** Hidden representation at {@code vertex}, computed in DOUBLE from the input batch. */
    public INDArray forward(INDArray x, String vertex) {
        int upTo = indexOf(vertex);
        INDArray h = x.castTo(DataType.DOUBLE);
        for (int i = 0; i <= upTo; i++) {
            h = pieces.get(i).forward(h);
        }
        return h;
    }

    /** Inverts {@code hidden} (the representation at {@code vertex}) down to the network input. */
    public NetworkInversion invert(INDArray hidden, String vertex, InverseMethod method, InverseOptions options) {
        int from = indexOf(vertex);
        requireFinite(hidden, vertex);
        int n = (int) hidden.size(0);
        String[] failure = new String[n];
        boolean[] lost = new boolean[n];
        List<NetworkInversion.PieceResult> results = new ArrayList<>();
        INDArray y = hidden.castTo(DataType.DOUBLE);
        for (int i = from; i >= 0; i--) {
            InvertiblePiece piece = pieces.get(i);
            BatchInversion r = piece.invert(y, method, options, dropPaddedChannels);
            results.add(new NetworkInversion.PieceResult(piece.name(), r));
            y = r.x();
            boolean[] nonFinite = nonFiniteRows(y);
            for (int s = 0; s < n; s++) {
                if (failure[s] == null && !r.recovered(s)) {
                    failure[s] = piece.name() + ": " + r.status()[s];
                }
                if (nonFinite[s]) {
                    // a unit that is not invertible (e.g. constraint none) can send a sample's iteration to NaN/∞:
                    // that sample is lost, said in its failure; a zero row carries it through the pieces below so
                    // that the others are still inverted, and its recovered image is ∞ (relative error ∞)
                    if (failure[s] == null) {
                        failure[s] = piece.name() + ": NON_FINITE";
                    }
                    lost[s] = true;
                }
            }
            y = zeroRows(y, nonFinite);
        }
        for (int s = 0; s < n; s++) {
            if (lost[s]) {
                y.slice(s).assign(Double.POSITIVE_INFINITY);
            }
        }
        return new NetworkInversion(y, results, failure);
    }

    /** Per sample (first axis): whether any entry of its row is NaN or infinite. */
    static boolean[] nonFiniteRows(INDArray a) {
        INDArray bad = BatchRows.flat(a.isNaN().castTo(DataType.DOUBLE).addi(a.isInfinite().castTo(DataType.DOUBLE)))
                .sum(1);
        boolean[] out = new boolean[(int) a.size(0)];
        for (int s = 0; s < out.length; s++) {
            out[s] = bad.getDouble(s) > 0;
        }
        return out;
    }

    private static INDArray zeroRows(INDArray a, boolean[] rows) {
        INDArray out = null;
        for (int s = 0; s < rows.length; s++) {
            if (rows[s]) {
                out = out == null ? a.dup() : out;
                out.slice(s).assign(0);
            }
        }
        return out == null ? a : out;
    }

    /**
     * Inverts {@code y}, the output of the single piece {@code vertex}, to that piece's input (the padding drops
     * its channels if {@link #dropPaddedChannels(boolean)} is on), e.g. to measure one unit's inverse (F5).
     */
    public BatchInversion invertPiece(String vertex, INDArray y, InverseMethod method, InverseOptions options) {
        InvertiblePiece piece = pieces.get(indexOf(vertex));
        INDArray yd = y.castTo(DataType.DOUBLE);
        return piece.invert(yd, method, options, dropPaddedChannels);
    }

    /** The input of {@code vertex} (the representation just below it), computed in DOUBLE from the input batch. */
    public INDArray inputOf(INDArray x, String vertex) {
        int i = indexOf(vertex);
        return i == 0 ? x.castTo(DataType.DOUBLE) : forward(x, stage.names().get(i - 1));
    }

    /**
     * The Jacobian of the inverse of the pieces {@code low} … {@code high} (input side first, padded channels
     * dropped), linearised at the network input batch x (DESIGN §8.4).
     */
    public InverseJacobian inverseJacobian(INDArray x, String low, String high) {
        int lo = indexOf(low);
        int hi = indexOf(high);
        if (lo > hi) {
            throw new IllegalArgumentException("'" + low + "' is above '" + high + "'");
        }
        return InverseJacobian.of(pieces.subList(lo, hi + 1), inputOf(x, low));
    }

    /** Fails with the list of valid names when {@code vertex} is not an invertible vertex. */
    public void requireVertex(String vertex) {
        indexOf(vertex);
    }

    private int indexOf(String vertex) {
        int i = stage.names().indexOf(vertex);
        if (i < 0) {
            throw new IllegalArgumentException("unknown layer '" + vertex + "'; invertible layers are "
                    + String.join(", ", stage.names()));
        }
        return i;
    }

    private static void requireFinite(INDArray a, String vertex) {
        if (a.isNaN().any() || a.isInfinite().any()) {
            throw new IllegalArgumentException("the hidden representation at '" + vertex + "' is not finite (NaN or Inf)");
        }
    }
}
