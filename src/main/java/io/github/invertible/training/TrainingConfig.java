package io.github.invertible.training;

import io.github.invertible.model.NetworkSpec;

import java.nio.file.Path;

/**
 * One training run ({@code seed} drives shuffling and augmentation; the weight seed is the spec's). {@code name} names the outputs: {@code <modelDir>/<name>.zip}, {@code .json} and
 * the checkpoint folder {@code <modelDir>/checkpoints/<name>/}.
 *
 * @param trainLimit use only the first N training images (0 = all), for quick runs
 * @param maxShift   random-translation augmentation in pixels (0 = none)
 * @param fresh      ignore an existing checkpoint and start over
 */
public record TrainingConfig(String name, NetworkSpec spec, int epochs, int batchSize, long seed,
                             int trainLimit, int maxShift, Path modelDir, boolean fresh) {
    public TrainingConfig {
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

    /** What must match for a checkpoint to be resumed: everything that shapes the result. */
    public String fingerprint() {
        return String.format("spec=%s;batch=%d;trainLimit=%d;shift=%d",
                spec.toJson(), batchSize, trainLimit, maxShift);
    }
}
