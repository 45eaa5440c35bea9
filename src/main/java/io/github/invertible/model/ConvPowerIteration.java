package io.github.invertible.model;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

/**
 * Power iteration for the operator norm of a stride-1 SAME convolution on C x H x W images, in plain Java.
 * <p>
 * The per-step constraint runs this for every residual unit after every update. Done with ND4J ops on such
 * tiny arrays it was dominated by per-op latency (~1 s per training step for the default graph on a busy
 * 2-core machine); direct loops cost a few tens of ms.
 */
final class ConvPowerIteration {

    private final double[] kernel;   // [out, in, kh, kw]
    private final double[] adjoint;  // [in, out, kh, kw], flipped
    private final int out;
    private final int in;
    private final int kh;
    private final int kw;
    private final int height;
    private final int width;

    ConvPowerIteration(INDArray kernelOIYX, int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("conv operator needs the image size, got " + height + "x" + width);
        }
        this.out = (int) kernelOIYX.size(0);
        this.in = (int) kernelOIYX.size(1);
        this.kh = (int) kernelOIYX.size(2);
        this.kw = (int) kernelOIYX.size(3);
        if (kh % 2 == 0 || kw % 2 == 0) {
            throw new IllegalArgumentException("SAME convolution needs odd kernel sizes, got " + kh + "x" + kw);
        }
        this.height = height;
        this.width = width;
        this.kernel = kernelOIYX.dup('c').data().asDouble(); // one copy, converted to double in Java
        this.adjoint = ConvKernels.adjoint(kernel, out, in, kh, kw);
    }

    /** Length of an input image vector (in * H * W). */
    int inputLength() {
        return in * height * width;
    }

    double[] randomInput(long seed) {
        Random r = new Random(seed);
        double[] u = new double[inputLength()];
        for (int j = 0; j < u.length; j++) {
            u[j] = r.nextGaussian();
        }
        return u;
    }

    /**
     * Runs the iteration from u (updated in place to the new unit vector) and returns the last estimate
     * ||A^T v|| with v = A u / ||A u||: a lower bound of ||A||_2 that increases towards it.
     */
    double iterate(double[] u, int iterations) {
        return iterate(u, -1, iterations);
    }

    /** As {@link #iterate(double[], int)}, stopping once the estimate changes by at most {@code relTol} (relative). */
    double iterate(double[] u, double relTol, int iterations) {
        return PowerIteration.run(new PowerIteration.Ops<double[]>() {
            @Override
            public double[] apply(double[] x) {
                return conv(x, kernel, in, out);
            }

            @Override
            public double[] applyAdjoint(double[] v) {
                return conv(v, adjoint, out, in);
            }

            @Override
            public double norm(double[] v) {
                return ConvPowerIteration.norm(v);
            }

            @Override
            public void normalise(double[] v, double norm) {
                scale(v, 1 / norm);
            }

            @Override
            public void assign(double[] dst, double[] src) {
                System.arraycopy(src, 0, dst, 0, dst.length);
            }

            @Override
            public double[] randomStart() {
                return randomInput(1);
            }
        }, u, relTol, iterations);
    }

    /** SAME cross-correlation of one [cin, H, W] image with a [cout, cin, kh, kw] kernel. */
    private double[] conv(double[] x, double[] k, int cin, int cout) {
        int ph = kh / 2;
        int pw = kw / 2;
        int hw = height * width;
        double[] y = new double[cout * hw];
        for (int o = 0; o < cout; o++) {
            for (int c = 0; c < cin; c++) {
                for (int dy = 0; dy < kh; dy++) {
                    for (int dx = 0; dx < kw; dx++) {
                        double wv = k[((o * cin + c) * kh + dy) * kw + dx];
                        if (wv == 0) {
                            continue;
                        }
                        int iLo = Math.max(0, ph - dy);
                        int iHi = Math.min(height, height + ph - dy);
                        int jLo = Math.max(0, pw - dx);
                        int jHi = Math.min(width, width + pw - dx);
                        for (int i = iLo; i < iHi; i++) {
                            int yRow = o * hw + i * width;
                            int xRow = c * hw + (i + dy - ph) * width + (dx - pw);
                            for (int j = jLo; j < jHi; j++) {
                                y[yRow + j] += wv * x[xRow + j];
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    private static double norm(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static void scale(double[] a, double f) {
        for (int j = 0; j < a.length; j++) {
            a[j] *= f;
        }
    }
}
