package io.github.invertible.inversion.piece;

import io.github.invertible.inversion.BatchInversion;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.inversion.InverseOptions;
import io.github.invertible.inversion.InverseStatus;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Channel padding (DESIGN §3.4), the one implementation: zero channels appended behind {@code channelsIn}. Linear
 * and injective: J = the padding P, Jᵀ = dropping the padded channels, which is also its (pseudo-)inverse.
 */
public record ChannelPadPiece(String name, int channelsIn, int channelsOut) implements InvertiblePiece {
    @Override
    public INDArray forward(INDArray x) {
        long[] shape = x.shape().clone();
        shape[1] = channelsOut - channelsIn;
        return Nd4j.concat(1, x, Nd4j.zeros(x.dataType(), shape));
    }

    @Override
    public long[] outputShape(long[] in) {
        long[] out = in.clone();
        out[1] = channelsOut;
        return out;
    }

    private INDArray drop(INDArray y) {
        return y.get(NDArrayIndex.all(), NDArrayIndex.interval(0, channelsIn)).dup();
    }

    /** Per sample: a y whose padded channels are not ~0 is NOT_IN_RANGE, its residual their share of ‖y‖. */
    @Override
    public BatchInversion invert(INDArray y, InverseMethod method, InverseOptions options) {
        return invert(y, method, options, false);
    }

    /**
     * With {@code ontoRange}, every sample is RECOVERED by dropping its padded channels: the orthogonal projection
     * onto the range of the padding (DESIGN §8.3), for representations off the range such as interpolations; the
     * residual is still the dropped part's share of ‖y‖ (the distance from the range, relative).
     */
    @Override
    public BatchInversion invert(INDArray y, InverseMethod method, InverseOptions options, boolean ontoRange) {
        int n = (int) y.size(0);
        INDArray flat = y.reshape(n, channelsOut, -1);
        INDArray padded = flat.get(NDArrayIndex.all(), NDArrayIndex.interval(channelsIn, channelsOut),
                NDArrayIndex.all()).reshape(n, -1);
        INDArray padNorm = padded.norm2(1);
        INDArray yNorm = y.reshape(n, -1).norm2(1);
        InverseStatus[] status = new InverseStatus[n];
        double[] residual = new double[n];
        for (int i = 0; i < n; i++) {
            residual[i] = padNorm.getDouble(i) / Math.max(yNorm.getDouble(i), Double.MIN_NORMAL);
            status[i] = ontoRange || residual[i] < options.tolerance() ? InverseStatus.RECOVERED
                    : InverseStatus.NOT_IN_RANGE;
        }
        return new BatchInversion(drop(y), status, new int[n], residual, new boolean[n]);
    }

    @Override
    public Linearisation linearise(INDArray x) {
        return new Linearisation() {
            @Override
            public INDArray jvp(INDArray v) {
                return forward(v);
            }

            @Override
            public INDArray vjp(INDArray w) {
                return drop(w);
            }

            @Override
            public INDArray inverseJvp(INDArray v) {
                return drop(v);
            }

            @Override
            public INDArray inverseVjp(INDArray w) {
                return forward(w);
            }
        };
    }
}
