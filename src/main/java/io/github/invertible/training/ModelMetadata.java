package io.github.invertible.training;

import io.github.invertible.model.NetworkSpec;

import java.util.List;
import java.util.Map;

/** Written beside each model zip as {@code <name>.json}: how the model was made and what it scored. */
public record ModelMetadata(String name, NetworkSpec spec, long seed, int epochs,
                            int batchSize, int trainSamples, int maxShift, double maxRotation,
                            double maxScale, long parameters,
                            double testAccuracyPct, double[] perClassAccuracyPct, double trainMinutes,
                            double samplesPerSecond, List<EpochRecord> history, String modelSha256,
                            Map<String, Object> environment) {
}
