package io.github.invertible.training;

import io.github.invertible.common.UserError;
import io.github.invertible.data.ImageSplit;

/**
 * The training images of a run (DESIGN §9): the LAST {@code validation} images of the training file are
 * held out (fixed, recorded in the metadata); {@code trainLimit} (0 = all) takes the first images of the rest.
 *
 * @param validation null when nothing is held out
 */
record Splits(ImageSplit train, ImageSplit validation) {
    static Splits of(ImageSplit all, int validation, int trainLimit) {
        if (validation >= all.size()) {
            throw new UserError("--validation " + validation + " leaves no training images (the training file has "
                    + all.size() + ")");
        }
        int rest = all.size() - validation;
        ImageSplit train = all.range(0, rest);
        if (trainLimit > 0) {
            train = train.head(trainLimit);
        }
        return new Splits(train, validation == 0 ? null : all.range(rest, all.size()));
    }
}
