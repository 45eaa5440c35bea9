package io.github.invertible.training;

import io.github.invertible.common.Json;
import io.github.invertible.model.UnitStatistics;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recomputes the last history row of a model's metadata from the weights in its zip: the unit statistics (α,
 * ‖W1‖, ‖W2‖) of the saved weights replace the last epoch's, the rest of the row and the earlier rows stay. The
 * trainer now records them after a lipschitz run's final projection (DESIGN §3.7); models trained before recorded
 * the norms from before it, so their last row could multiply to slightly above the bound the weights meet.
 *
 * <p>Run {@code java -cp CLASSPATH io.github.invertible.training.LastHistoryRow model/NAME.zip} to print the old
 * and recomputed row; add {@code --write} to rewrite {@code NAME.zip}'s embedded metadata and {@code NAME.json}
 * beside it ({@link ModelFiles#write}, the weights unchanged, the zip's hash recorded anew).
 */
public final class LastHistoryRow {
    private LastHistoryRow() {
    }

    /** {@code meta} with its last history row's units measured on {@code net}; unchanged if it has no history. */
    public static ModelMetadata recompute(ModelMetadata meta, ComputationGraph net) {
        if (meta.history() == null || meta.history().isEmpty()) {
            return meta;
        }
        List<EpochRecord> h = new ArrayList<>(meta.history());
        EpochRecord last = h.remove(h.size() - 1);
        h.add(new EpochRecord(last.epoch(), last.testAccuracyPct(), last.seconds(), last.samplesPerSecond(),
                last.lastLoss(), last.validationAccuracyPct(),
                UnitStatistics.of(net, meta.spec().arch(), meta.datasetOrMnist().shape())));
        return new ModelMetadata(meta.name(), meta.spec(), meta.seed(), meta.epochs(), meta.batchSize(),
                meta.trainSamples(), meta.maxShift(), meta.maxRotation(), meta.maxScale(), meta.parameters(),
                meta.testAccuracyPct(), meta.perClassAccuracyPct(), meta.trainMinutes(), meta.samplesPerSecond(), h,
                meta.modelSha256(), meta.environment(), meta.dataSha256(), meta.dataset(), meta.validation(),
                meta.validationAccuracyPct(), meta.flip());
    }

    /** The largest ‖W2‖‖W1‖ over the units of a history row (NaN without units). */
    public static double largestBranchBound(EpochRecord row) {
        return row.units() == null ? Double.NaN : row.units().values().stream()
                .mapToDouble(UnitStatistics.Unit::branchBound).max().orElse(Double.NaN);
    }

    /** Prints the last row before and after; with {@code --write}, rewrites the zip's metadata and the .json. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("--write"))) {
            fail("usage: LastHistoryRow MODEL.zip [--write]");
        }
        Path zip = Path.of(args[0]);
        if (!Files.isRegularFile(zip) || !zip.toString().endsWith(".zip")) {
            fail("model zip not found: " + zip);
        }
        Path json = zip.resolveSibling(zip.getFileName().toString().replaceFirst("\\.zip$", ".json"));
        if (!Files.isRegularFile(json)) {
            fail("metadata not found beside the zip: " + json);
        }
        ModelMetadata meta = Json.read(json, ModelMetadata.class);
        ComputationGraph net = ModelSerializer.restoreComputationGraph(zip.toFile(), false);
        ModelMetadata fixed = recompute(meta, net);
        if (meta.history() == null || meta.history().isEmpty()) {
            fail(json + ": no history to recompute");
        }
        print("recorded  ", meta.history().get(meta.history().size() - 1));
        print("recomputed", fixed.history().get(fixed.history().size() - 1));
        if (args.length == 2) {
            ModelMetadata written = ModelFiles.write(net, fixed.withModelSha256(null), zip, json);
            System.out.println("wrote " + zip + " and " + json + " (zip SHA-256 " + written.modelSha256() + ")");
        }
    }

    private static void print(String what, EpochRecord row) {
        StringBuilder sb = new StringBuilder(what + " epoch " + row.epoch() + ":");
        if (row.units() != null) {
            for (Map.Entry<String, UnitStatistics.Unit> u : row.units().entrySet()) {
                sb.append(String.format(Locale.ROOT, " %s %.7f", u.getKey(), u.getValue().branchBound()));
            }
        }
        System.out.println(sb.append(String.format(Locale.ROOT, "; max %.7f", largestBranchBound(row))));
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
