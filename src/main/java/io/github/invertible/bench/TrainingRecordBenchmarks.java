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
 * The benchmark rows read from the shipped default model's training record rather than measured by the benchmark
 * itself (a training takes longer than a benchmark should; the record carries every epoch's validation and test
 * accuracy and seconds): B2 — the epoch at which validation accuracy first came within {@link #WITHIN_PCT} point of
 * its final value, the time per epoch, and whether test accuracy reached {@link #TARGET_PCT} % — and the training
 * run's peak memory.
 */
public final class TrainingRecordBenchmarks {
    /** The test-accuracy threshold B2 also reports, in per cent. */
    public static final double TARGET_PCT = 99.5;
    /** "Reached its final value": validation accuracy within this many points of the last epoch's. */
    public static final double WITHIN_PCT = 0.05;

    private TrainingRecordBenchmarks() {
    }

    /** Adds the B2 rows (epochs to the final validation accuracy, minutes per epoch, 99.5 % test) and B4's training peak. */
    public static void add(CsvTable t, Path modelDir, String model) throws IOException {
        Path meta = modelDir.resolve(model + ".json");
        if (!Files.isRegularFile(meta)) {
            t.add("B2 epochs to the final validation accuracy", null, null, null, "epochs", "no " + meta + " to read");
            return;
        }
        ModelMetadata m = Json.read(meta, ModelMetadata.class);
        String recipe = String.format(Locale.ROOT, "%s: %d epochs, %s schedule, batch %d, %d training images",
                m.name(), m.epochs(), String.valueOf(m.spec().lrSchedule()).toLowerCase(Locale.ROOT), m.batchSize(),
                m.trainSamples());
        java.util.List<EpochRecord> h = m.history();
        EpochRecord last = h.get(h.size() - 1);
        if (last.validationAccuracyPct() != null) {
            double fin = last.validationAccuracyPct();
            EpochRecord first = h.stream().filter(e -> e.validationAccuracyPct() != null
                    && e.validationAccuracyPct() >= fin - WITHIN_PCT).findFirst().orElse(last);
            t.add("B2 epochs to the final validation accuracy", (double) first.epoch(), (double) m.epochs(), null,
                    "epochs", String.format(Locale.ROOT, "%s; validation accuracy first within %.2f point of its "
                                    + "final %.2f %% after epoch %d of %d (%.2f %% then; test %.2f %%), from %s",
                            recipe, WITHIN_PCT, fin, first.epoch(), m.epochs(), first.validationAccuracyPct(),
                            first.testAccuracyPct(), meta));
        }
        Benchmarks.Stat minutes = Benchmarks.Stat.of(h.stream().map(e -> e.seconds() / 60).toList());
        t.add("B2 time per epoch", minutes.median(), null, null, "minutes", String.format(Locale.ROOT,
                "%s: median over %d epochs (%.1f-%.1f), %.1f min in all (training wall time, validation and test "
                        + "evaluation included, from %s; the machine it trained on: %s)", m.name(), minutes.runs(),
                minutes.min(), minutes.max(), h.stream().mapToDouble(e -> e.seconds() / 60).sum(), meta.getFileName(),
                m.environment() == null ? "not recorded" : m.environment().getOrDefault("cpuExtensions", "?")
                        + ", " + m.environment().getOrDefault("cpus", "?") + " cpus"));
        double seconds = 0;
        Double reached = null;
        int epoch = 0;
        for (EpochRecord e : h) {
            seconds += e.seconds();
            if (reached == null && e.testAccuracyPct() >= TARGET_PCT) {
                reached = seconds / 60;
                epoch = e.epoch();
            }
        }
        t.add("B2 epochs to 99.5 % test accuracy", reached == null ? null : (double) epoch, null, null, "epochs",
                reached == null ? String.format(Locale.ROOT, "not reached: best %.2f %% in %d epochs (%s)",
                        h.stream().mapToDouble(EpochRecord::testAccuracyPct).max().orElse(0), m.epochs(),
                        meta.getFileName())
                        : String.format(Locale.ROOT, "after epoch %d, %.1f min of training (%s)", epoch, reached,
                        meta.getFileName()));
        Object peak = m.environment() == null ? null : m.environment().get("peakResidentMiB");
        t.add("B4 peak memory, training (the shipped model's run)", peak instanceof Number p ? p.doubleValue() : null,
                null, null, "MiB", "VmHWM of the training JVM (" + meta.getFileName() + ")");
    }
}
