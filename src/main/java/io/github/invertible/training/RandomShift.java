package io.github.invertible.training;

import io.github.invertible.common.ImageShape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;

import java.util.Random;

/**
 * Training-time augmentation: translates each H×W image (every channel alike) by up to {@code maxShift} pixels in
 * each direction, filling with zeros (the background). Works on flat [N,C·H·W] and image [N,C,H,W] batches.
 */
public final class RandomShift implements DataSetPreProcessor {
    private final int maxShift;
    private final Random random;
    private final ImageShape shape;

    /** For MNIST-shaped images. */
    public RandomShift(int maxShift, long seed) {
        this(maxShift, seed, ImageShape.MNIST);
    }

    public RandomShift(int maxShift, long seed, ImageShape shape) {
        this.maxShift = maxShift;
        this.random = new Random(seed);
        this.shape = shape;
    }

    @Override
    public void preProcess(DataSet dataSet) {
        if (maxShift <= 0) {
            return;
        }
        INDArray features = dataSet.getFeatures();
        int n = (int) features.size(0);
        int h = shape.height();
        int w = shape.width();
        float[] flat = features.dup('c').data().asFloat();
        float[] out = new float[flat.length];
        for (int s = 0; s < n; s++) {
            int dx = random.nextInt(2 * maxShift + 1) - maxShift;
            int dy = random.nextInt(2 * maxShift + 1) - maxShift;
            for (int ch = 0; ch < shape.channels(); ch++) {
                int base = (s * shape.channels() + ch) * h * w;
                for (int r = 0; r < h; r++) {
                    int sr = r - dy;
                    if (sr < 0 || sr >= h) {
                        continue;
                    }
                    for (int c = 0; c < w; c++) {
                        int sc = c - dx;
                        if (sc >= 0 && sc < w) {
                            out[base + r * w + c] = flat[base + sr * w + sc];
                        }
                    }
                }
            }
        }
        features.assign(org.nd4j.linalg.factory.Nd4j.create(out, features.shape(), 'c').castTo(features.dataType()));
    }
}
