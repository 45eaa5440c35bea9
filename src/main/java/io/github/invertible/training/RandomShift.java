package io.github.invertible.training;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;

import java.util.Random;

/**
 * Training-time augmentation: translates each 28×28 image by up to {@code maxShift} pixels in each
 * direction, filling with zeros (the background). Works on flat [N,784] and image [N,1,28,28] batches.
 */
public final class RandomShift implements DataSetPreProcessor {
    private static final int SIDE = 28;
    private final int maxShift;
    private final Random random;

    public RandomShift(int maxShift, long seed) {
        this.maxShift = maxShift;
        this.random = new Random(seed);
    }

    @Override
    public void preProcess(DataSet dataSet) {
        if (maxShift <= 0) {
            return;
        }
        INDArray features = dataSet.getFeatures();
        int n = (int) features.size(0);
        float[] flat = features.dup('c').data().asFloat();
        float[] out = new float[flat.length];
        for (int s = 0; s < n; s++) {
            int dx = random.nextInt(2 * maxShift + 1) - maxShift;
            int dy = random.nextInt(2 * maxShift + 1) - maxShift;
            int base = s * SIDE * SIDE;
            for (int r = 0; r < SIDE; r++) {
                int sr = r - dy;
                if (sr < 0 || sr >= SIDE) {
                    continue;
                }
                for (int c = 0; c < SIDE; c++) {
                    int sc = c - dx;
                    if (sc >= 0 && sc < SIDE) {
                        out[base + r * SIDE + c] = flat[base + sr * SIDE + sc];
                    }
                }
            }
        }
        features.assign(org.nd4j.linalg.factory.Nd4j.create(out, features.shape(), 'c').castTo(features.dataType()));
    }
}
