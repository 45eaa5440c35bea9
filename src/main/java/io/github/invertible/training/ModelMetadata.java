package io.github.invertible.training;

import io.github.invertible.model.NetworkSpec;

import java.util.List;
import java.util.Map;

/**
 * Written beside each model zip as {@code <name>.json} and inside the zip ({@link ModelFiles}): how the model
 * was made and what it scored. {@code dataSha256} (SHA-256 of every data file read, by file name) and the
 * environment's library versions are absent (null) in the metadata of earlier releases.
 */
public record ModelMetadata(String name, NetworkSpec spec, long seed, int epochs,
                            int batchSize, int trainSamples, int maxShift, double maxRotation,
                            double maxScale, long parameters,
                            double testAccuracyPct, double[] perClassAccuracyPct, double trainMinutes,
                            double samplesPerSecond, List<EpochRecord> history, String modelSha256,
                            Map<String, Object> environment, Map<String, String> dataSha256) {

    public ModelMetadata withModelSha256(String sha) {
        return new ModelMetadata(name, spec, seed, epochs, batchSize, trainSamples, maxShift, maxRotation, maxScale,
                parameters, testAccuracyPct, perClassAccuracyPct, trainMinutes, samplesPerSecond, history, sha,
                environment, dataSha256);
    }
}
