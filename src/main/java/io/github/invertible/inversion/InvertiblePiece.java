package io.github.invertible.inversion;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One invertible vertex of a network's feature stage, with its forward map and certified inverse (DOUBLE). */
public interface InvertiblePiece {
    /** The graph vertex this piece mirrors. */
    String name();

    INDArray forward(INDArray x);

    BatchInversion invert(INDArray y, InverseMethod method, InverseOptions options);

    /** Pieces with a closed-form inverse: every sample recovered in one step, residual 0. */
    static BatchInversion exact(INDArray x) {
        int n = (int) x.size(0);
        InverseStatus[] status = new InverseStatus[n];
        java.util.Arrays.fill(status, InverseStatus.RECOVERED);
        return new BatchInversion(x, status, new int[n], new double[n], new boolean[n]);
    }
}
