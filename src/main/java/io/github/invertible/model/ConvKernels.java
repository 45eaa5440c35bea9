package io.github.invertible.model;

import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.factory.ops.NDBase;

/**
 * Stride-1 SAME convolutions (cross-correlation, NCHW) with kernels kept in DL4J's
 * [out, in, kH, kW] layout, and their adjoints. Plain ND4J ops, no graph.
 */
public final class ConvKernels {

    private static final NDBase BASE = new NDBase();

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
        INDArray swapped = kernelOIYX.permute(1, 0, 2, 3).dup('c');
        return BASE.reverse(swapped, 2, 3).dup('c');
    }
}
