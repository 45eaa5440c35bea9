package io.github.invertible.training;

import io.github.invertible.model.NetworkSpec;

import java.nio.file.Path;

/**
 * One training run ({@code seed} drives shuffling and augmentation; the weight seed is the spec's). {@code name} names the outputs: {@code <modelDir>/<name>.zip}, {@code .json} and
 * the checkpoint folder {@code <modelDir>/checkpoints/<name>/}.
 *
 * @param trainLimit use only the first N training images (0 = all), for quick runs
 * @param maxShift   random-translation augmentation in pixels (0 = none)
 * @param maxRotation random-rotation augmentation in degrees (0 = none; with maxScale 0 and maxRotation 0
 *                    the translation is by whole pixels, as in earlier releases)
 * @param maxScale    random-scaling augmentation: factor in [1 - maxScale, 1 + maxScale] (0 = none)
 * @param fresh      ignore an existing checkpoint and start over
 * @param testLimit  evaluate on the first N test images only (0 = all), for quick runs
 */
public record TrainingConfig(String name, NetworkSpec spec, int epochs, int batchSize, long seed,
                             int trainLimit, int maxShift, double maxRotation, double maxScale, Path modelDir,
                             boolean fresh, int testLimit) {
    /** Defaults of {@code train}'s options (its help shows them); the reference models use them too. */
    public static final int DEFAULT_EPOCHS = 9;
    public static final int DEFAULT_BATCH = 128;
    public static final long DEFAULT_SEED = 20261126L;
    public static final int DEFAULT_SHIFT = 2;
    public static final double DEFAULT_ROTATE = 10;
    public static final double DEFAULT_SCALE = 0.1;

    /** A run with every option at its default but the network, the epochs and where it goes. */
    public static TrainingConfig defaults(String name, NetworkSpec spec, int epochs, Path modelDir, boolean fresh) {
        return new TrainingConfig(name, spec, epochs, DEFAULT_BATCH, DEFAULT_SEED, 0, DEFAULT_SHIFT, DEFAULT_ROTATE,
                DEFAULT_SCALE, modelDir, fresh, 0);
    }

    /** Evaluation on the whole test set. */
    public TrainingConfig(String name, NetworkSpec spec, int epochs, int batchSize, long seed, int trainLimit,
                          int maxShift, double maxRotation, double maxScale, Path modelDir, boolean fresh) {
        this(name, spec, epochs, batchSize, seed, trainLimit, maxShift, maxRotation, maxScale, modelDir, fresh, 0);
    }

    /** Translation-only augmentation. */
    public TrainingConfig(String name, NetworkSpec spec, int epochs, int batchSize, long seed, int trainLimit,
                          int maxShift, Path modelDir, boolean fresh) {
        this(name, spec, epochs, batchSize, seed, trainLimit, maxShift, 0, 0, modelDir, fresh, 0);
    }

    public TrainingConfig {
        if (!(maxRotation >= 0 && maxScale >= 0 && maxScale < 1)) {
            throw new IllegalArgumentException("augmentation needs rotation >= 0 and 0 <= scale < 1, got "
                    + maxRotation + " and " + maxScale);
        }
        if (trainLimit < 0 || testLimit < 0) {
            throw new IllegalArgumentException("image limits must be >= 0, got " + trainLimit + " and " + testLimit);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("model name must be letters, digits, '.', '_' or '-', got " + name);
        }
    }

    public Path modelFile() {
        return modelDir.resolve(name + ".zip");
    }

    public Path metadataFile() {
        return modelDir.resolve(name + ".json");
    }

    public Path checkpointDir() {
        return modelDir.resolve("checkpoints").resolve(name);
    }

    /** One run per model name at a time ({@link ModelLock}). */
    public Path lockFile() {
        return modelDir.resolve("checkpoints").resolve(name + ".lock");
    }

    /** What must match for a checkpoint to be resumed: everything that shapes the result. */
    public String fingerprint() {
        String f = String.format("spec=%s;seed=%d;batch=%d;trainLimit=%d;testLimit=%d;shift=%d",
                spec.toJson().replaceAll("\\s+", ""), seed, batchSize, trainLimit, testLimit, maxShift);
        return affine() ? f + String.format(java.util.Locale.ROOT, ";rotate=%s;scale=%s", maxRotation, maxScale) : f;
    }

    /** The first differing {@code key=value} items of two fingerprints, for a one-line message. */
    static String difference(String saved, String now) {
        String[] a = saved.split(";|,");
        String[] b = now.split(";|,");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) {
                return "checkpoint " + a[i] + ", now " + b[i];
            }
        }
        return "checkpoint has " + a.length + " settings, now " + b.length;
    }

    /** Whether the augmentation rotates or scales (then translations are continuous too). */
    public boolean affine() {
        return maxRotation > 0 || maxScale > 0;
    }
}
