package io.github.invertible.training;

import io.github.invertible.common.ImageShape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * The skeleton of a training-time augmentation in pixel space (DESIGN §9: the shape comes from the dataset): the
 * batch's features copied to a float array, each image in batch order transformed by the subclass (which draws
 * its random numbers from {@link #random}, one seeded stream per epoch), the result assigned back. Works on flat
 * [N,C·H·W] and image [N,C,H,W] batches. Hand-written: DataVec's image transforms need OpenCV, far heavier than
 * these few lines.
 */
public abstract class PixelAugmentation implements DataSetPreProcessor {
    /** The augmentation's random stream; subclasses draw from it in image order. */
    protected final Random random;
    protected final ImageShape shape;

    protected PixelAugmentation(long seed, ImageShape shape) {
        this.random = new Random(seed);
        this.shape = shape;
    }

    /** False when the augmentation does nothing: the batch is then left untouched and no number is drawn. */
    protected boolean active() {
        return true;
    }

    /**
     * Writes the augmented image (all channels, C·H·W values from {@code offset}, channel after channel) of
     * {@code in} into the same place of {@code out}; {@code out} starts as zeros (the background).
     */
    protected abstract void transform(float[] in, float[] out, int offset);

    @Override
    public final void preProcess(DataSet dataSet) {
        if (!active()) {
            return;
        }
        INDArray features = dataSet.getFeatures();
        int n = (int) features.size(0);
        int size = shape.channels() * shape.height() * shape.width();
        float[] in = features.dup('c').data().asFloat();
        float[] out = new float[in.length];
        for (int s = 0; s < n; s++) {
            transform(in, out, s * size);
        }
        features.assign(Nd4j.create(out, features.shape(), 'c').castTo(features.dataType()));
    }
}
