package io.github.invertible.training;

import io.github.invertible.common.ImageShape;

/**
 * Training-time augmentation: a random similarity transform of each H×W image (every channel alike) about its
 * centre —
 * rotation by up to ±{@code maxDegrees}, scaling by a factor in [1 − maxScale, 1 + maxScale] and a
 * translation of up to ±{@code maxShift} pixels per axis — with bilinear sampling and zero (background)
 * fill. Works on flat [N,C·H·W] and image [N,C,H,W] batches ({@link PixelAugmentation}, DESIGN §9).
 */
public final class RandomAffine extends PixelAugmentation {
    private final double maxShift;
    private final double maxDegrees;
    private final double maxScale;

    /** For MNIST-shaped images. */
    public RandomAffine(double maxShift, double maxDegrees, double maxScale, long seed) {
        this(maxShift, maxDegrees, maxScale, seed, ImageShape.MNIST);
    }

    public RandomAffine(double maxShift, double maxDegrees, double maxScale, long seed, ImageShape shape) {
        super(seed, shape);
        if (maxShift < 0 || maxDegrees < 0 || maxScale < 0 || maxScale >= 1) {
            throw new IllegalArgumentException("augmentation needs shift >= 0, degrees >= 0 and 0 <= scale < 1, got "
                    + maxShift + ", " + maxDegrees + ", " + maxScale);
        }
        this.maxShift = maxShift;
        this.maxDegrees = maxDegrees;
        this.maxScale = maxScale;
    }

    @Override
    protected void transform(float[] in, float[] out, int offset) {
        double degrees = (2 * random.nextDouble() - 1) * maxDegrees;
        double scale = 1 + (2 * random.nextDouble() - 1) * maxScale;
        double dx = (2 * random.nextDouble() - 1) * maxShift;
        double dy = (2 * random.nextDouble() - 1) * maxShift;
        int h = shape.height();
        int w = shape.width();
        for (int ch = 0; ch < shape.channels(); ch++) {
            warp(in, out, offset + ch * h * w, h, w, degrees, scale, dx, dy);
        }
    }

    /**
     * out = the h×w image at {@code offset} in {@code in}, rotated by {@code degrees} (counter-clockwise on screen),
     * scaled by {@code scale} about the centre, then moved by (dx, dy) pixels (x to the right, y down).
     */
    static void warp(float[] in, float[] out, int offset, int h, int w, double degrees, double scale, double dx,
                     double dy) {
        double cr = (h - 1) / 2.0;
        double cc = (w - 1) / 2.0;
        double t = Math.toRadians(degrees);
        // inverse map: source = R(-t) (target - centre - d) / scale + centre; y grows downwards
        double cos = Math.cos(t) / scale;
        double sin = Math.sin(t) / scale;
        for (int r = 0; r < h; r++) {
            double v = r - cr - dy;
            for (int c = 0; c < w; c++) {
                double u = c - cc - dx;
                double sc = cos * u - sin * v + cc;
                double sr = sin * u + cos * v + cr;
                out[offset + r * w + c] = bilinear(in, offset, h, w, sr, sc);
            }
        }
    }

    private static float bilinear(float[] img, int offset, int h, int w, double r, double c) {
        int r0 = (int) Math.floor(r);
        int c0 = (int) Math.floor(c);
        double fr = r - r0;
        double fc = c - c0;
        return (float) ((1 - fr) * ((1 - fc) * at(img, offset, h, w, r0, c0) + fc * at(img, offset, h, w, r0, c0 + 1))
                + fr * ((1 - fc) * at(img, offset, h, w, r0 + 1, c0) + fc * at(img, offset, h, w, r0 + 1, c0 + 1)));
    }

    private static float at(float[] img, int offset, int h, int w, int r, int c) {
        return r < 0 || r >= h || c < 0 || c >= w ? 0f : img[offset + r * w + c];
    }
}
