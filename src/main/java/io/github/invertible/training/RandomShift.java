package io.github.invertible.training;

import io.github.invertible.common.ImageShape;

/**
 * Training-time augmentation: translates each H×W image (every channel alike) by up to {@code maxShift} pixels in
 * each direction, filling with zeros (the background). Works on flat [N,C·H·W] and image [N,C,H,W] batches.
 */
public final class RandomShift extends PixelAugmentation {
    private final int maxShift;

    /** For MNIST-shaped images. */
    public RandomShift(int maxShift, long seed) {
        this(maxShift, seed, ImageShape.MNIST);
    }

    public RandomShift(int maxShift, long seed, ImageShape shape) {
        super(seed, shape);
        this.maxShift = maxShift;
    }

    @Override
    protected boolean active() {
        return maxShift > 0;
    }

    @Override
    protected void transform(float[] in, float[] out, int offset) {
        int h = shape.height();
        int w = shape.width();
        int dx = random.nextInt(2 * maxShift + 1) - maxShift;
        int dy = random.nextInt(2 * maxShift + 1) - maxShift;
        for (int ch = 0; ch < shape.channels(); ch++) {
            int base = offset + ch * h * w;
            for (int r = 0; r < h; r++) {
                int sr = r - dy;
                if (sr < 0 || sr >= h) {
                    continue;
                }
                for (int c = 0; c < w; c++) {
                    int sc = c - dx;
                    if (sc >= 0 && sc < w) {
                        out[base + r * w + c] = in[base + sr * w + sc];
                    }
                }
            }
        }
    }
}
