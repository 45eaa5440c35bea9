package io.github.invertible.training;

import io.github.invertible.common.ImageShape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * {@code train --flip}: mirrors each image left-right with probability ½ — label-preserving only for datasets whose
 * descriptor says so (clothing, not digits; DESIGN §9). Works on flat [N,C·H·W] and image [N,C,H,W] batches.
 */
public final class RandomFlip implements DataSetPreProcessor {
    private final Random random;
    private final ImageShape shape;

    public RandomFlip(long seed, ImageShape shape) {
        this.random = new Random(seed);
        this.shape = shape;
    }

    @Override
    public void preProcess(DataSet dataSet) {
        INDArray features = dataSet.getFeatures();
        int n = (int) features.size(0);
        int h = shape.height();
        int w = shape.width();
        float[] px = features.dup('c').data().asFloat();
        for (int s = 0; s < n; s++) {
            if (!random.nextBoolean()) {
                continue;
            }
            for (int ch = 0; ch < shape.channels(); ch++) {
                for (int r = 0; r < h; r++) {
                    int row = ((s * shape.channels() + ch) * h + r) * w;
                    for (int a = row, b = row + w - 1; a < b; a++, b--) {
                        float t = px[a];
                        px[a] = px[b];
                        px[b] = t;
                    }
                }
            }
        }
        features.assign(Nd4j.create(px, features.shape(), 'c').castTo(features.dataType()));
    }
}
