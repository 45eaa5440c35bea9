package io.github.invertible.inversion.linalg;

import io.github.invertible.inversion.piece.ConvResidualMap;
import io.github.invertible.model.CertifiedNorms;
import io.github.invertible.model.SpectralNorms;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Spectral norm of a stride-1 SAME convolution on [C,H,W] images by the project's one conv power iteration
 * ({@link SpectralNorms#convNorm}, DESIGN §3.5; start: Gaussian from {@code java.util.Random(seed)}). Used for the Lipschitz
 * bound ‖W2‖₂‖W1‖₂ of a convolutional unit at a given image size.
 */
public final class ConvOperatorNorm {

    private ConvOperatorNorm() {
    }

    /**
     * @param kernel    [out,in,kh,kw] (DL4J layout), odd kernel
     * @param height    image height the operator acts on
     * @param width     image width
     * @param relTol    stop when the estimate changes by less than this (relative)
     * @param maxIter   iteration cap
     */
    public static double spectralNorm(INDArray kernel, int height, int width, double relTol, int maxIter, long seed) {
        return SpectralNorms.convNorm(kernel, height, width, relTol, maxIter, seed);
    }

    /**
     * An upper bound on ‖|W|‖₂, the spectral norm of the convolution with the absolute kernel |W| (at any
     * image size, SAME padding): Schur's bound sqrt(‖|W|‖₁‖|W|‖∞), whose column (row) sums are at most the
     * kernel's absolute sums over [out,kh,kw] per input channel ([in,kh,kw] per output channel). It bounds
     * ‖W‖₂ too, and enters rounding-error bounds of float convolutions.
     */
    public static double absoluteNormBound(INDArray kernel) {
        return CertifiedNorms.absoluteNormBound(kernel); // the one Schur bound, for conv kernels and dense matrices
    }

    /**
     * ‖W2‖₂ · ‖W1‖₂ of a conv unit acting on H×W images (relative change 1e-10, at most 3000 iterations;
     * power iteration approaches each norm from below).
     */
    public static double lipschitzBound(ConvResidualMap unit, int height, int width) {
        return spectralNorm(unit.w1(), height, width, 1e-10, 3000, 1)
                * spectralNorm(unit.w2(), height, width, 1e-10, 3000, 2);
    }
}
