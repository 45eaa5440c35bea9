package io.github.invertible.data;

import java.util.Arrays;

/** A fixed, balanced selection: the first {@code perClass} samples of each class, in file order. */
public final class BalancedSelection {
    private BalancedSelection() {
    }

    /** Indices grouped by class (class 0 first), within a class in file order. */
    public static int[] firstPerClass(ImageSplit split, int perClass) {
        int[][] byClass = new int[split.classes()][perClass];
        int[] filled = new int[split.classes()];
        for (int i = 0; i < split.size(); i++) {
            int c = split.label(i);
            if (filled[c] < perClass) {
                byClass[c][filled[c]++] = i;
            }
        }
        for (int c = 0; c < split.classes(); c++) {
            if (filled[c] < perClass) {
                throw new DataException("only " + filled[c] + " samples of class " + c + ", " + perClass + " requested");
            }
        }
        return Arrays.stream(byClass).flatMapToInt(Arrays::stream).toArray();
    }
}
