package io.github.invertible.inversion;

import java.util.List;

/**
 * A batch inverted through the feature stage, from a hidden vertex down to the input.
 *
 * @param x       recovered inputs (network input shape), last iterates for failed samples
 * @param pieces  per piece, from the top down, its batch result (iterations, residual, status)
 * @param failure per sample: null when every piece certified its inverse, else "vertex: STATUS" of the
 *                first (topmost) piece that did not
 */
public record NetworkInversion(org.nd4j.linalg.api.ndarray.INDArray x, List<PieceResult> pieces, String[] failure) {

    public record PieceResult(String vertex, BatchInversion result) {
    }

    public boolean certified(int sample) {
        return failure[sample] == null;
    }

    /** Iterations of residual units only (closed-form pieces report 0), per sample. */
    public int[] unitIterations(int sample, List<String> unitNames) {
        return pieces.stream().filter(p -> unitNames.contains(p.vertex()))
                .mapToInt(p -> p.result().iterations()[sample]).toArray();
    }
}
