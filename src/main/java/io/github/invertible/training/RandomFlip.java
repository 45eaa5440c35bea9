package io.github.invertible.training;

import io.github.invertible.common.ImageShape;

/**
 * {@code train --flip}: mirrors each image left-right with probability ½ — label-preserving only for datasets whose
 * descriptor says so (clothing, not digits; DESIGN §9). Works on flat [N,C·H·W] and image [N,C,H,W] batches.
 */
public final class RandomFlip extends PixelAugmentation {
    public RandomFlip(long seed, ImageShape shape) {
        super(seed, shape);
    }

    @Override
    protected void transform(float[] in, float[] out, int offset) {
        int h = shape.height();
        int w = shape.width();
        int size = shape.channels() * h * w;
        if (!random.nextBoolean()) {
            System.arraycopy(in, offset, out, offset, size);
            return;
        }
        for (int row = offset; row < offset + size; row += w) {
            for (int c = 0; c < w; c++) {
                out[row + c] = in[row + w - 1 - c];
            }
        }
    }
}
