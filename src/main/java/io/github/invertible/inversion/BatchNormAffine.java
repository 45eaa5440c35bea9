package io.github.invertible.inversion;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation at inference, y = γ (x − μ)/√(σ² + ε) + β per channel (axis 1), as a per-channel
 * affine map y = s x + t; invertible when every γ ≠ 0.
 */
public final class BatchNormAffine {

    private final double[] scale;
    private final double[] shift;

    public BatchNormAffine(double[] gamma, double[] beta, double[] mean, double[] variance, double eps) {
        int c = gamma.length;
        if (beta.length != c || mean.length != c || variance.length != c) {
            throw new IllegalArgumentException("gamma, beta, mean and variance must have the same length");
        }
        scale = new double[c];
        shift = new double[c];
        for (int i = 0; i < c; i++) {
            if (!(Math.abs(gamma[i]) > 0) || !Double.isFinite(gamma[i])) {
                throw new IllegalArgumentException("batch norm channel " + i + " has gamma = " + gamma[i]
                        + ": not invertible");
            }
            if (!(variance[i] + eps > 0)) {
                throw new IllegalArgumentException("batch norm channel " + i + ": variance + eps must be > 0");
            }
            scale[i] = gamma[i] / Math.sqrt(variance[i] + eps);
            shift[i] = beta[i] - scale[i] * mean[i];
        }
    }

    /** From DL4J parameters where the layer stores log10 of the standard deviation (its default). */
    public static BatchNormAffine fromLog10Stdev(INDArray gamma, INDArray beta, INDArray mean, INDArray log10Std,
                                                 double eps) {
        double[] std = vec(log10Std);
        double[] var = new double[std.length];
        for (int i = 0; i < std.length; i++) {
            double s = Math.pow(10, std[i]);
            var[i] = s * s - eps; // DL4J: std = sqrt(var + eps), so the eps is already inside
        }
        return new BatchNormAffine(vec(gamma), vec(beta), vec(mean), var, eps);
    }

    public static BatchNormAffine fromVariance(INDArray gamma, INDArray beta, INDArray mean, INDArray var,
                                               double eps) {
        return new BatchNormAffine(vec(gamma), vec(beta), vec(mean), vec(var), eps);
    }

    private static double[] vec(INDArray a) {
        return a.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
    }

    public INDArray forward(INDArray x) {
        return apply(x, scale, shift);
    }

    /** x = (y − t)/s. */
    public INDArray invert(INDArray y) {
        double[] is = new double[scale.length];
        double[] it = new double[scale.length];
        for (int i = 0; i < scale.length; i++) {
            is[i] = 1 / scale[i];
            it[i] = -shift[i] / scale[i];
        }
        return apply(y, is, it);
    }

    private static INDArray apply(INDArray x, double[] s, double[] t) {
        INDArray xd = x.castTo(DataType.DOUBLE);
        if (xd.size(1) != s.length) {
            throw new IllegalArgumentException("expected " + s.length + " channels, got " + xd.size(1));
        }
        long[] shape = new long[xd.rank()];
        java.util.Arrays.fill(shape, 1);
        shape[1] = s.length;
        INDArray sa = org.nd4j.linalg.factory.Nd4j.createFromArray(s).reshape(shape);
        INDArray ta = org.nd4j.linalg.factory.Nd4j.createFromArray(t).reshape(shape);
        return xd.mul(sa.broadcast(xd.shape())).addi(ta.broadcast(xd.shape()));
    }
}
