package io.github.invertible.common;

/**
 * What a network needs to know of its data (DESIGN §9): channels × height × width of every image and the number
 * of classes. Each dataset descriptor ({@code data.DatasetDescriptor}) carries one; the model package takes it
 * from there without depending on the data package.
 */
public record ImageShape(int channels, int height, int width, int classes) {
    /**
     * MNIST's shape, the one default of the project: {@code data.Datasets.MNIST} uses this constant, and
     * {@code model.NetworkFactory.build(spec)} (no shape given) builds for it. Kept here rather than in the data
     * package so that the model package can default to it (DESIGN §1.1: model depends on common only).
     */
    public static final ImageShape MNIST = new ImageShape(1, 28, 28, 10);

    public ImageShape {
        if (channels < 1 || height < 1 || width < 1 || classes < 2) {
            throw new IllegalArgumentException("an image shape needs channels, height, width >= 1 and >= 2 classes, got "
                    + channels + "x" + height + "x" + width + ", " + classes + " classes");
        }
    }

    /** Values per image, C·H·W (the width of the dense architecture's units). */
    public int size() {
        return channels * height * width;
    }

    /** "1x28x28". */
    public String dimensions() {
        return channels + "x" + height + "x" + width;
    }
}
