package io.github.invertible.model;

import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stride-1 SAME convolutions (cross-correlation, NCHW) with kernels kept in DL4J's
 * [out, in, kH, kW] layout, and their adjoints. Plain ND4J ops, no graph.
 */
public final class ConvKernels {


    private ConvKernels() {
    }

    /** Conv config for stride 1, SAME padding, NCHW input and YXIO kernel (the layout whose backprop works). */
    public static Conv2DConfig sameConfig(long kH, long kW) {
        if (kH % 2 == 0 || kW % 2 == 0) {
            throw new IllegalArgumentException("SAME convolution needs odd kernel sizes, got " + kH + "x" + kW);
        }
        return Conv2DConfig.builder()
                .kH(kH).kW(kW).sH(1).sW(1).dH(1).dW(1)
                .paddingMode(PaddingMode.SAME)
                .dataFormat(Conv2DConfig.NCHW)
                .weightsFormat(WeightsFormat.YXIO)
                .build();
    }

    /** y = conv(x, W) with W in [out, in, kH, kW]; x is [N, in, H, W], y is [N, out, H, W]. */
    public static INDArray conv(INDArray x, INDArray kernelOIYX) {
        INDArray yxio = kernelOIYX.permute(2, 3, 1, 0).dup('c');
        return Nd4j.cnn().conv2d(x, yxio, sameConfig(kernelOIYX.size(2), kernelOIYX.size(3)));
    }

    /** Kernel in the YXIO layout the conv op is given (contiguous copy). */
    public static INDArray toYxio(INDArray kernelOIYX) {
        return kernelOIYX.permute(2, 3, 1, 0).dup('c');
    }

    /** y = conv(x, K) for a kernel already in YXIO layout, with a prepared config (hot loops). */
    public static INDArray convYxio(INDArray x, INDArray kernelYxio, Conv2DConfig config) {
        return Nd4j.cnn().conv2d(x, kernelYxio, config);
    }

    /** y = conv(x, W) + b with b of length out. */
    public static INDArray conv(INDArray x, INDArray kernelOIYX, INDArray bias) {
        INDArray yxio = kernelOIYX.permute(2, 3, 1, 0).dup('c');
        return Nd4j.cnn().conv2d(x, yxio, bias.reshape(bias.length()).dup(),
                sameConfig(kernelOIYX.size(2), kernelOIYX.size(3)));
    }

    /**
     * Kernel of the adjoint operator: channels swapped and spatially flipped,
     * adj[i, o, y, x] = W[o, i, kH-1-y, kW-1-x]. Exact for stride 1, odd kernels, SAME padding.
     */
    public static INDArray adjoint(INDArray kernelOIYX) {
        int out = (int) kernelOIYX.size(0);
        int in = (int) kernelOIYX.size(1);
        int kh = (int) kernelOIYX.size(2);
        int kw = (int) kernelOIYX.size(3);
        double[] a = adjoint(kernelOIYX.dup('c').data().asDouble(), out, in, kh, kw);
        return Nd4j.create(a, new long[]{in, out, kh, kw}, 'c').castTo(kernelOIYX.dataType());
    }

    /**
     * The same on a c-order [out, in, kH, kW] array. Written as an index map in Java: ND4J's reverse op (the obvious
     * permute + reverse) grew the resident set by ~1.5 MB per call in M2.1 (native memory that no GC returns), and
     * the per-step spectral-norm constraint builds the adjoint of every unit after every update (README,
     * maintainer notes).
     */
    public static double[] adjoint(double[] k, int out, int in, int kh, int kw) {
        double[] a = new double[k.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        a[((i * out + o) * kh + (kh - 1 - y)) * kw + (kw - 1 - x)] = k[((o * in + i) * kh + y) * kw + x];
                    }
                }
            }
        }
        return a;
    }
}
