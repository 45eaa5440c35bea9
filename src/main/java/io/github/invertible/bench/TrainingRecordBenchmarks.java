package io.github.invertible.bench;

import io.github.invertible.common.Json;
import io.github.invertible.report.CsvTable;
import io.github.invertible.training.EpochRecord;
import io.github.invertible.training.ModelMetadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The benchmark rows read from training records rather than measured by the benchmark itself: B2 (epochs and
 * minutes to the first ≥ 99.5 % test accuracy) and the shipped model's training peak memory. A training to
 * 99.5 % takes longer than a benchmark should; its record carries every epoch's accuracy and seconds.
 */
public final class TrainingRecordBenchmarks {
    /** B2's threshold, test accuracy in per cent. */
    public static final double TARGET_PCT = 99.5;

    private TrainingRecordBenchmarks() {
    }

    /**
     * B2's training record: a dedicated run of the default configuration on an otherwise idle machine,
     * {@code model/runs/MODEL-time-to-accuracy.json} (see the README), if there is one; else the shipped model's own.
     */
    public static Path timeToAccuracyRecord(Path modelDir, String model) {
        Path dedicated = modelDir.resolve("runs").resolve(model + "-time-to-accuracy.json");
        return Files.isRegularFile(dedicated) ? dedicated : modelDir.resolve(model + ".json");
    }

    /** Adds the B2 rows (epochs, minutes) and the shipped model's training peak memory. */
    public static void add(CsvTable t, Path modelDir, String model) throws IOException {
        Path meta = timeToAccuracyRecord(modelDir, model);
        if (!Files.isRegularFile(meta)) {
            t.add("B2 epochs to 99.5 %", null, null, null, "epochs", "no " + meta + " to read");
            return;
        }
        ModelMetadata m = Json.read(meta, ModelMetadata.class);
        double seconds = 0;
        Double reached = null;
        int epoch = 0;
        for (EpochRecord e : m.history()) {
            seconds += e.seconds();
            if (reached == null && e.testAccuracyPct() >= TARGET_PCT) {
                reached = seconds / 60;
                epoch = e.epoch();
            }
        }
        String recipe = String.format(Locale.ROOT, "%s: %d epochs planned, %s schedule, batch %d, %d training images",
                m.name(), m.epochs(), String.valueOf(m.spec().lrSchedule()).toLowerCase(Locale.ROOT), m.batchSize(),
                m.trainSamples());
        if (reached != null) {
            t.add("B2 epochs to 99.5 %", (double) epoch, null, null, "epochs", String.format(Locale.ROOT,
                    "%s; first test accuracy >= 99.5 %% after epoch %d, %.1f min of training (wall time summed over "
                            + "epochs, from %s); goal <= 6 epochs", recipe, epoch, reached, meta));
            t.add("B2 time to 99.5 % test accuracy", reached, null, null, "minutes", String.format(Locale.ROOT,
                    "%s: first reached after epoch %d (training wall time summed over epochs, from %s)",
                    m.name(), epoch, meta));
        } else {
            t.add("B2 epochs to 99.5 %", null, null, null, "epochs", String.format(Locale.ROOT,
                    "not reached: best %.2f %% in %d epochs, %.1f min (%s)",
                    m.history().stream().mapToDouble(EpochRecord::testAccuracyPct).max().orElse(0), m.epochs(),
                    m.trainMinutes(), meta.getFileName()));
        }
        meta = modelDir.resolve(model + ".json");
        if (!Files.isRegularFile(meta)) {
            return;
        }
        m = Json.read(meta, ModelMetadata.class);
        Object peak = m.environment() == null ? null : m.environment().get("peakResidentMiB");
        t.add("B4 peak memory, training (the shipped model's run)", peak instanceof Number p ? p.doubleValue() : null,
                null, null, "MiB", "VmHWM of the training JVM (" + meta.getFileName() + ")");
    }
}
