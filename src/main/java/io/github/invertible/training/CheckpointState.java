package io.github.invertible.training;

import java.util.List;

/** What a checkpoint directory records besides the model: the run it belongs to and finished epochs. */
public record CheckpointState(String configFingerprint, int epochsDone, double trainSeconds,
                              List<EpochRecord> history) {
}
