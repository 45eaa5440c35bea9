package io.github.invertible.data;

/** The four files of an IDX dataset of the MNIST kind, under their usual names (DESIGN §9). */
public enum IdxRole {
    TRAIN_IMAGES("train-images-idx3-ubyte"),
    TRAIN_LABELS("train-labels-idx1-ubyte"),
    TEST_IMAGES("t10k-images-idx3-ubyte"),
    TEST_LABELS("t10k-labels-idx1-ubyte");

    private final String fileName;

    IdxRole(String fileName) {
        this.fileName = fileName;
    }

    /** The usual (raw, dashed) file name; {@link ImageDataset#locate} also accepts dotted and {@code .gz} names. */
    public String fileName() {
        return fileName;
    }
}
