package io.github.invertible.training;

import java.util.List;
import java.util.Map;

/**
 * What a checkpoint records besides the model and its updater: the run it belongs to and the finished
 * epochs. Stored as JSON inside the checkpoint zip itself (one file, one atomic rename), so model and
 * state cannot disagree.
 *
 * @param format            {@link CheckpointStore#FORMAT}
 * @param configFingerprint everything that shapes the result except the data ({@link TrainingConfig#fingerprint})
 * @param dataSha256        SHA-256 of every data file the run reads, by file name
 * @param rngScheme         how the random streams of each epoch are derived ({@link Trainer#RNG_SCHEME}); no
 *                          generator state needs saving because every stream is re-seeded from (seed, epoch)
 */
public record CheckpointState(int format, String configFingerprint, Map<String, String> dataSha256,
                              String rngScheme, int epochsDone, double trainSeconds, List<EpochRecord> history) {
}
