package io.github.invertible.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/** One split (train or test): pixels scaled to [0, 1] and integer labels 0..9. */
public final class MnistSplit {
    public static final int ROWS = 28;
    public static final int COLS = 28;
    public static final int CLASSES = 10;

    private final float[][] images;
    private final int[] labels;

    public MnistSplit(float[][] images, int[] labels) {
        if (images.length != labels.length) {
            throw new DataException("images and labels differ in count: " + images.length + " vs " + labels.length);
        }
        this.images = images;
        this.labels = labels;
    }

    static MnistSplit fromIdx(IdxImages images, byte[] labels, String what) {
        if (images.count() != labels.length) {
            throw new DataException(String.format("%s: %d images but %d labels", what, images.count(), labels.length));
        }
        if (images.rows() != ROWS || images.cols() != COLS) {
            throw new DataException(String.format("%s: images are %dx%d, expected %dx%d",
                    what, images.rows(), images.cols(), ROWS, COLS));
        }
        float[][] px = new float[images.count()][];
        int[] lab = new int[labels.length];
        for (int i = 0; i < px.length; i++) {
            byte[] src = images.pixels()[i];
            float[] dst = new float[src.length];
            for (int j = 0; j < src.length; j++) {
                dst[j] = (src[j] & 0xff) / 255f;
            }
            px[i] = dst;
            lab[i] = labels[i] & 0xff;
            if (lab[i] >= CLASSES) {
                throw new DataException(String.format("%s: label %d at index %d is not a digit", what, lab[i], i));
            }
        }
        return new MnistSplit(px, lab);
    }

    public int size() {
        return labels.length;
    }

    public int label(int i) {
        return labels[i];
    }

    public float[] image(int i) {
        return images[i];
    }

    /** The first {@code n} samples (all when n ≥ size). */
    public MnistSplit head(int n) {
        int k = Math.min(n, size());
        return new MnistSplit(Arrays.copyOf(images, k), Arrays.copyOf(labels, k));
    }

    /** Samples at the given indices, in that order. */
    public MnistSplit select(int[] indices) {
        float[][] px = new float[indices.length][];
        int[] lab = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            px[i] = images[indices[i]];
            lab[i] = labels[indices[i]];
        }
        return new MnistSplit(px, lab);
    }

    /** Features {@code [N,784]} (flat) or {@code [N,1,28,28]} (image) in the given type. */
    public INDArray features(boolean asImage, DataType type) {
        INDArray f = Nd4j.create(images).castTo(type);
        return asImage ? f.reshape('c', size(), 1, ROWS, COLS) : f;
    }

    /** One-hot labels {@code [N,10]}. */
    public INDArray oneHotLabels(DataType type) {
        INDArray y = Nd4j.zeros(type, size(), CLASSES);
        for (int i = 0; i < size(); i++) {
            y.putScalar(i, labels[i], 1.0);
        }
        return y;
    }

    public DataSet toDataSet(boolean asImage) {
        return new DataSet(features(asImage, DataType.FLOAT), oneHotLabels(DataType.FLOAT));
    }
}
