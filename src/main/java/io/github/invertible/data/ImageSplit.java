package io.github.invertible.data;

import io.github.invertible.common.ImageShape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * One split (train or test) of any dataset of the MNIST kind (DESIGN §9): images of
 * {@link #shape()} (C×H×W, row-major per channel), pixels scaled by the descriptor, integer labels 0..K−1.
 */
public final class ImageSplit {
    private final float[][] images;
    private final int[] labels;
    private final ImageShape shape;

    public ImageSplit(float[][] images, int[] labels, ImageShape shape) {
        if (images.length != labels.length) {
            throw new DataException("images and labels differ in count: " + images.length + " vs " + labels.length);
        }
        this.images = images;
        this.labels = labels;
        this.shape = shape;
    }

    /**
     * Converts IDX content. {@code expected} is the descriptor's shape (null: take it from the images, with
     * {@code classes} classes); images of another shape or labels outside 0..K−1 are refused naming {@code what}.
     */
    static ImageSplit fromIdx(IdxImages images, byte[] labels, String what, ImageShape expected, int classes,
                              double pixelScale) {
        if (images.count() != labels.length) {
            throw new DataException(String.format("%s: %d images but %d labels", what, images.count(), labels.length));
        }
        ImageShape shape = expected != null ? expected
                : new ImageShape(images.channels(), images.rows(), images.cols(), classes);
        if (images.channels() != shape.channels() || images.rows() != shape.height()
                || images.cols() != shape.width()) {
            String ch = images.channels() == 1 && shape.channels() == 1 ? "" : images.channels() + "x";
            String chx = images.channels() == 1 && shape.channels() == 1 ? "" : shape.channels() + "x";
            throw new DataException(String.format("%s: images are %s%dx%d, expected %s%dx%d",
                    what, ch, images.rows(), images.cols(), chx, shape.height(), shape.width()));
        }
        float scale = (float) pixelScale;
        float[][] px = new float[images.count()][];
        int[] lab = new int[labels.length];
        for (int i = 0; i < px.length; i++) {
            byte[] src = images.pixels()[i];
            float[] dst = new float[src.length];
            for (int j = 0; j < src.length; j++) {
                dst[j] = (src[j] & 0xff) / scale;
            }
            px[i] = dst;
            lab[i] = labels[i] & 0xff;
            if (lab[i] >= shape.classes()) {
                throw new DataException(String.format("%s: label %d at index %d is not one of the %d classes 0..%d",
                        what, lab[i], i, shape.classes(), shape.classes() - 1));
            }
        }
        return new ImageSplit(px, lab, shape);
    }

    public ImageShape shape() {
        return shape;
    }

    /** Number of classes K (labels are 0..K−1). */
    public int classes() {
        return shape.classes();
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
    public ImageSplit head(int n) {
        int k = Math.min(n, size());
        return new ImageSplit(Arrays.copyOf(images, k), Arrays.copyOf(labels, k), shape);
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive), in file order. */
    public ImageSplit range(int from, int to) {
        return new ImageSplit(Arrays.copyOfRange(images, from, to), Arrays.copyOfRange(labels, from, to), shape);
    }

    /** Samples at the given indices, in that order. */
    public ImageSplit select(int[] indices) {
        float[][] px = new float[indices.length][];
        int[] lab = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            px[i] = images[indices[i]];
            lab[i] = labels[indices[i]];
        }
        return new ImageSplit(px, lab, shape);
    }

    /** Features {@code [N,C·H·W]} (flat) or {@code [N,C,H,W]} (image) in the given type. */
    public INDArray features(boolean asImage, DataType type) {
        INDArray f = Nd4j.create(images).castTo(type);
        return asImage ? f.reshape('c', size(), shape.channels(), shape.height(), shape.width()) : f;
    }

    /** One-hot labels {@code [N,K]}. */
    public INDArray oneHotLabels(DataType type) {
        INDArray y = Nd4j.zeros(type, size(), classes());
        for (int i = 0; i < size(); i++) {
            y.putScalar(i, labels[i], 1.0);
        }
        return y;
    }

    public DataSet toDataSet(boolean asImage) {
        return new DataSet(features(asImage, DataType.FLOAT), oneHotLabels(DataType.FLOAT));
    }
}
