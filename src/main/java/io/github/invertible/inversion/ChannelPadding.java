package io.github.invertible.inversion;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Injective zero-padding of the channel axis (axis 1 of [N,C,H,W] or of dense [N,C]) with
 * {@code before} zero channels in front and {@code after} behind; the inverse drops them after
 * checking that they are (numerically) zero.
 */
public record ChannelPadding(int before, int after) {

    public ChannelPadding {
        if (before < 0 || after < 0) {
            throw new IllegalArgumentException("padding must be non-negative");
        }
    }

    /** Largest |value| in the padded channels of y. */
    public double paddedMagnitude(INDArray y) {
        long c = y.size(1);
        double m = 0;
        if (before > 0) {
            m = Math.max(m, y.get(slice(y.rank(), 0, before)).amaxNumber().doubleValue());
        }
        if (after > 0) {
            m = Math.max(m, y.get(slice(y.rank(), c - after, c)).amaxNumber().doubleValue());
        }
        return m;
    }

    /**
     * Drops the padded channels. Throws IllegalArgumentException when one of them exceeds
     * {@code tolerance} · max(1, max|y|): y is then not in the range of the padding.
     */
    public INDArray invert(INDArray y, double tolerance) {
        long c = y.size(1);
        if (c <= before + after) {
            throw new IllegalArgumentException("y has " + c + " channels, padding removes " + (before + after));
        }
        double pad = paddedMagnitude(y);
        double scale = Math.max(1, y.amaxNumber().doubleValue());
        if (!(pad <= tolerance * scale)) {
            throw new IllegalArgumentException("padded channels are not zero: max |value| = " + pad
                    + " (tolerance " + tolerance * scale + ")");
        }
        return y.get(slice(y.rank(), before, c - after)).dup();
    }

    public INDArray invert(INDArray y) {
        return invert(y, 1e-12);
    }

    private static INDArrayIndex[] slice(int rank, long from, long to) {
        INDArrayIndex[] idx = new INDArrayIndex[rank];
        for (int i = 0; i < rank; i++) {
            idx[i] = NDArrayIndex.all();
        }
        idx[1] = NDArrayIndex.interval(from, to);
        return idx;
    }
}
