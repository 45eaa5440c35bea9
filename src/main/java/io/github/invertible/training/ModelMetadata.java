package io.github.invertible.training;

import io.github.invertible.data.DatasetDescriptor;
import io.github.invertible.data.Datasets;
import io.github.invertible.model.NetworkSpec;

import java.util.List;
import java.util.Map;

/**
 * Written beside each model zip as {@code <name>.json} and inside the zip ({@link ModelFiles}): how the model
 * was made and what it scored. {@code dataSha256} (SHA-256 of every data file read, by file name) and the
 * environment's library versions are absent (null) in the metadata of earlier releases; so are {@code dataset}
 * (the descriptor of the data it was trained on), {@code validation} (the last N training images held out) and
 * {@code validationAccuracyPct}: such metadata reads as MNIST without a validation split ({@link #datasetOrMnist},
 * {@link #validationSize}; DESIGN §9). {@code flip} (left-right mirroring of training images) is absent before it
 * was recorded, and reads as off ({@link #flipped}). {@code identity} holds the hashes of the zip's content the
 * metadata describes ({@link ModelIdentity}, checked on every load by {@link ModelFiles#readEmbedded}).
 */
public record ModelMetadata(String name, NetworkSpec spec, long seed, int epochs,
                            int batchSize, int trainSamples, int maxShift, double maxRotation,
                            double maxScale, long parameters,
                            double testAccuracyPct, double[] perClassAccuracyPct, double trainMinutes,
                            double samplesPerSecond, List<EpochRecord> history, String modelSha256,
                            Map<String, Object> environment, Map<String, String> dataSha256,
                            DatasetDescriptor dataset, Integer validation, Double validationAccuracyPct,
                            Boolean flip, ModelIdentity identity) {

    /** Metadata before the hashes of the zip's content are added ({@link ModelFiles#write} adds them). */
    public ModelMetadata(String name, NetworkSpec spec, long seed, int epochs, int batchSize, int trainSamples,
                         int maxShift, double maxRotation, double maxScale, long parameters, double testAccuracyPct,
                         double[] perClassAccuracyPct, double trainMinutes, double samplesPerSecond,
                         List<EpochRecord> history, String modelSha256, Map<String, Object> environment,
                         Map<String, String> dataSha256, DatasetDescriptor dataset, Integer validation,
                         Double validationAccuracyPct, Boolean flip) {
        this(name, spec, seed, epochs, batchSize, trainSamples, maxShift, maxRotation, maxScale, parameters,
                testAccuracyPct, perClassAccuracyPct, trainMinutes, samplesPerSecond, history, modelSha256, environment,
                dataSha256, dataset, validation, validationAccuracyPct, flip, null);
    }

    /** Metadata written before the flip augmentation was recorded. */
    public ModelMetadata(String name, NetworkSpec spec, long seed, int epochs, int batchSize, int trainSamples,
                         int maxShift, double maxRotation, double maxScale, long parameters, double testAccuracyPct,
                         double[] perClassAccuracyPct, double trainMinutes, double samplesPerSecond,
                         List<EpochRecord> history, String modelSha256, Map<String, Object> environment,
                         Map<String, String> dataSha256, DatasetDescriptor dataset, Integer validation,
                         Double validationAccuracyPct) {
        this(name, spec, seed, epochs, batchSize, trainSamples, maxShift, maxRotation, maxScale, parameters,
                testAccuracyPct, perClassAccuracyPct, trainMinutes, samplesPerSecond, history, modelSha256, environment,
                dataSha256, dataset, validation, validationAccuracyPct, null, null);
    }

    /** Metadata of an MNIST run without a validation split (the fields of earlier releases). */
    public ModelMetadata(String name, NetworkSpec spec, long seed, int epochs, int batchSize, int trainSamples,
                         int maxShift, double maxRotation, double maxScale, long parameters, double testAccuracyPct,
                         double[] perClassAccuracyPct, double trainMinutes, double samplesPerSecond,
                         List<EpochRecord> history, String modelSha256, Map<String, Object> environment,
                         Map<String, String> dataSha256) {
        this(name, spec, seed, epochs, batchSize, trainSamples, maxShift, maxRotation, maxScale, parameters,
                testAccuracyPct, perClassAccuracyPct, trainMinutes, samplesPerSecond, history, modelSha256, environment,
                dataSha256, null, null, null, null, null);
    }

    public ModelMetadata withModelSha256(String sha) {
        return new ModelMetadata(name, spec, seed, epochs, batchSize, trainSamples, maxShift, maxRotation, maxScale,
                parameters, testAccuracyPct, perClassAccuracyPct, trainMinutes, samplesPerSecond, history, sha,
                environment, dataSha256, dataset, validation, validationAccuracyPct, flip, identity);
    }

    public ModelMetadata withIdentity(ModelIdentity id) {
        return new ModelMetadata(name, spec, seed, epochs, batchSize, trainSamples, maxShift, maxRotation, maxScale,
                parameters, testAccuracyPct, perClassAccuracyPct, trainMinutes, samplesPerSecond, history, modelSha256,
                environment, dataSha256, dataset, validation, validationAccuracyPct, flip, id);
    }

    /** The dataset it was trained on; MNIST for metadata written before datasets were recorded. */
    public DatasetDescriptor datasetOrMnist() {
        return dataset == null ? Datasets.MNIST : dataset;
    }

    /** Whether half the training images were mirrored left-right; false for metadata written before it was recorded. */
    public boolean flipped() {
        return Boolean.TRUE.equals(flip);
    }

    /** Training images held out for validation; 0 for metadata written before the split existed. */
    public int validationSize() {
        return validation == null ? 0 : validation;
    }
}
