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
 * @param dataset    the name of the dataset's descriptor ({@code mnist}, {@code fashion-mnist}, {@code idx})
 * @param validation the LAST N training images are held out and evaluated after every epoch (0 = train on all);
 *                   {@code trainLimit} then takes the first images of the rest (DESIGN §9)
 * @param flip       mirror half the training images left-right (only for datasets whose labels survive it)
 */
public record TrainingConfig(String name, NetworkSpec spec, int epochs, int batchSize, long seed,
                             int trainLimit, int maxShift, double maxRotation, double maxScale, Path modelDir,
                             boolean fresh, int testLimit, String dataset, int validation, boolean flip) {
    /** Defaults of {@code train}'s options (its help shows them); the reference models use them too. */
    public static final int DEFAULT_EPOCHS = 9;
    public static final int DEFAULT_BATCH = 128;
    public static final long DEFAULT_SEED = 20261126L;
    public static final int DEFAULT_SHIFT = 2;
    public static final double DEFAULT_ROTATE = 10;
    public static final double DEFAULT_SCALE = 0.1;
    /** {@code train --validation}: the last 5000 training images are held out. */
    public static final int DEFAULT_VALIDATION = 5000;
    public static final String DEFAULT_DATASET = "mnist";

    /**
     * A run with every option at its default but the network, the epochs and where it goes, on all MNIST training
     * images (no validation split: the shipped MNIST models were trained so).
     */
    public static TrainingConfig defaults(String name, NetworkSpec spec, int epochs, Path modelDir, boolean fresh) {
        return defaults(name, spec, epochs, modelDir, fresh, DEFAULT_DATASET, 0);
    }

    /** The same on {@code dataset} with {@code validation} images held out. */
    public static TrainingConfig defaults(String name, NetworkSpec spec, int epochs, Path modelDir, boolean fresh,
                                          String dataset, int validation) {
        return new TrainingConfig(name, spec, epochs, DEFAULT_BATCH, DEFAULT_SEED, 0, DEFAULT_SHIFT, DEFAULT_ROTATE,
                DEFAULT_SCALE, modelDir, fresh, 0, dataset, validation, false);
    }

    /** MNIST, no validation split, no mirroring (the configuration of earlier releases). */
    public TrainingConfig(String name, NetworkSpec spec, int epochs, int batchSize, long seed, int trainLimit,
                          int maxShift, double maxRotation, double maxScale, Path modelDir, boolean fresh,
                          int testLimit) {
        this(name, spec, epochs, batchSize, seed, trainLimit, maxShift, maxRotation, maxScale, modelDir, fresh,
                testLimit, DEFAULT_DATASET, 0, false);
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
        if (validation < 0) {
            throw new IllegalArgumentException("--validation must be >= 0, got " + validation);
        }
        if (dataset == null || dataset.isBlank()) {
            throw new IllegalArgumentException("a training run needs a dataset name");
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

    /**
     * What must match for a checkpoint to be resumed: everything that shapes the result. Settings at the value
     * earlier releases had implicitly (dataset mnist, no validation split, no mirroring) are left out, so their
     * checkpoints still resume; {@link #difference} reads an absent one as that value.
     */
    public String fingerprint() {
        String f = String.format("spec=%s;seed=%d;batch=%d;trainLimit=%d;testLimit=%d;shift=%d",
                spec.toJson().replaceAll("\\s+", ""), seed, batchSize, trainLimit, testLimit, maxShift);
        f = affine() ? f + String.format(java.util.Locale.ROOT, ";rotate=%s;scale=%s", maxRotation, maxScale) : f;
        f = DEFAULT_DATASET.equals(dataset) ? f : f + ";dataset=" + dataset;
        f = validation == 0 ? f : f + ";validation=" + validation;
        return flip ? f + ";flip=true" : f;
    }

    /** Values of settings a fingerprint leaves out when they are at the value of earlier releases. */
    private static final java.util.Map<String, String> IMPLICIT = java.util.Map.of("dataset", DEFAULT_DATASET,
            "validation", "0", "flip", "false");

    /** The first differing setting of two fingerprints, named, for a one-line message. */
    static String difference(String saved, String now) {
        java.util.Map<String, String> a = settings(saved);
        java.util.Map<String, String> b = settings(now);
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            String x = a.getOrDefault(k, IMPLICIT.get(k));
            String y = b.getOrDefault(k, IMPLICIT.get(k));
            if (x == null || y == null || !x.equals(y)) {
                if ("spec".equals(k) && x != null && y != null) {
                    return specDifference(x, y);
                }
                return "checkpoint " + k + "=" + x + ", now " + k + "=" + y;
            }
        }
        return "checkpoint " + saved + ", now " + now;
    }

    private static java.util.Map<String, String> settings(String fingerprint) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String item : fingerprint.split(";")) {
            int eq = item.indexOf('=');
            m.put(eq < 0 ? item : item.substring(0, eq), eq < 0 ? "" : item.substring(eq + 1));
        }
        return m;
    }

    /** The first differing field of two network specs' JSON. */
    private static String specDifference(String saved, String now) {
        String[] a = saved.split(",");
        String[] b = now.split(",");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) {
                return "checkpoint " + a[i] + ", now " + b[i];
            }
        }
        return "checkpoint spec has " + a.length + " settings, now " + b.length;
    }

    /** Whether the augmentation rotates or scales (then translations are continuous too). */
    public boolean affine() {
        return maxRotation > 0 || maxScale > 0;
    }
}
