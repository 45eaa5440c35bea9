package io.github.invertible.data;

import java.nio.file.Path;

/**
 * The labels of a dataset before anything is trained on them (DESIGN §9): the class count K comes from the
 * descriptor or, for {@code idx}, from the training labels (largest + 1); every training label is in [0, K), every
 * class has a training sample, there are at least two classes, and every test label is a class seen in training.
 * Each violation is one line naming the file and the index of the first offending label.
 */
final class LabelCheck {
    private LabelCheck() {
    }

    /** K of an {@code idx} dataset: the largest training label + 1. */
    static int classesOf(byte[] trainLabels, Path file) {
        int max = -1;
        for (byte b : trainLabels) {
            max = Math.max(max, b & 0xff);
        }
        if (max < 0) {
            throw new DataException(file + ": no training labels");
        }
        return max + 1;
    }

    static void require(byte[] train, byte[] test, int classes, Path trainFile, Path testFile) {
        int[] count = new int[classes];
        int[] first = new int[classes];
        for (int i = 0; i < train.length; i++) {
            int l = train[i] & 0xff;
            if (l >= classes) {
                throw new DataException(String.format("%s: label %d at index %d is not one of the %d classes 0..%d",
                        trainFile, l, i, classes, classes - 1));
            }
            if (count[l]++ == 0) {
                first[l] = i;
            }
        }
        int seen = 0;
        for (int c : count) {
            seen += c > 0 ? 1 : 0;
        }
        if (seen < 2) {
            throw new DataException(String.format("%s: every label is %d; a classifier needs at least 2 "
                    + "classes", trainFile, train.length == 0 ? 0 : train[0] & 0xff));
        }
        for (int c = 0; c < classes; c++) {
            if (count[c] == 0) {
                int largest = classes - 1;
                if (count[largest] == 0) { // K from a descriptor
                    throw new DataException(String.format("%s: no training sample of class %d of the %d classes",
                            trainFile, c, classes));
                }
                throw new DataException(String.format("%s: no training sample of class %d, yet label %d at index %d "
                                + "makes %d classes (0..%d); labels must number the classes 0..K-1 without gaps",
                        trainFile, c, largest, first[largest], classes, largest));
            }
        }
        for (int i = 0; i < test.length; i++) {
            int l = test[i] & 0xff;
            if (l >= classes) {
                throw new DataException(String.format("%s: label %d at index %d is not one of the %d classes 0..%d "
                        + "of the training labels", testFile, l, i, classes, classes - 1));
            }
        }
    }
}
