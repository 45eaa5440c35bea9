package io.github.invertible.experiments;

import io.github.invertible.common.Json;
import io.github.invertible.report.CsvTable;
import io.github.invertible.report.Readable;
import io.github.invertible.report.Table;
import io.github.invertible.training.ModelMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The recipe search behind the references (DESIGN §6.2): each candidate recipe is one training run kept as its
 * metadata in {@code MODEL-DIR/recipe-search/CANDIDATE/NAME.json}; per dataset the candidate with the highest final
 * validation accuracy is chosen (ties: the first in name order). A candidate may also change the network's widths
 * (the {@code layout} and {@code params} columns, as in T2). The test accuracy is in the table for the record
 * only; nothing here reads it to choose.
 */
public final class RecipeSearch {
    public static final String DIR = "recipe-search";
    public static final String CSV = "t2_recipe_search.csv";
    public static final String[] COLUMNS = {"candidate", "model", "dataset", "layout", "params", "epochs",
            "lr_schedule", "label_smoothing", "optimizer", "augmentation", "validation_images", "validation_accuracy_pct", "test_accuracy_pct",
            "train_minutes", "chosen"};

    private RecipeSearch() {
    }

    /** One candidate run. */
    record Candidate(String name, ModelMetadata meta, Double validationPct) {
    }

    /** The search table from {@code modelDir/recipe-search}, or empty when no search is kept there. */
    public static Optional<CsvTable> build(Path modelDir) {
        List<Candidate> runs = candidates(modelDir.resolve(DIR));
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Candidate> best = best(runs);
        CsvTable t = new CsvTable(COLUMNS);
        for (Candidate c : runs) {
            ModelMetadata m = c.meta();
            String dataset = m.datasetOrMnist().name();
            t.add(c.name(), m.name(), dataset, AccuracyTable.layout(m.spec(), m.datasetOrMnist().shape()),
                    m.parameters(), m.epochs(), m.spec().lrSchedule().toString(), m.spec().labelSmoothing(),
                    m.spec().optimizer().toString(), augmentation(m), m.validationSize(), c.validationPct(), m.testAccuracyPct(),
                    m.trainMinutes(), best.get(dataset) == c ? "yes" : "");
        }
        return Optional.of(t);
    }

    /** Per dataset name, the metadata of the chosen candidate: the recipe its references must use. */
    public static Map<String, ModelMetadata> chosen(Path modelDir) {
        Map<String, ModelMetadata> out = new LinkedHashMap<>();
        best(candidates(modelDir.resolve(DIR))).forEach((dataset, c) -> out.put(dataset, c.meta()));
        return out;
    }

    /** Highest final validation accuracy per dataset; a tie keeps the first in name order. */
    private static Map<String, Candidate> best(List<Candidate> runs) {
        Map<String, Candidate> best = new LinkedHashMap<>();
        for (Candidate c : runs) {
            if (c.validationPct() != null) {
                best.merge(c.meta().datasetOrMnist().name(), c,
                        (a, b) -> b.validationPct() > a.validationPct() ? b : a);
            }
        }
        return best;
    }

    /** The training augmentation in words, e.g. {@code shift 2, rotate 10, scale 0.1, flip}; {@code none} without. */
    static String augmentation(ModelMetadata m) {
        List<String> parts = new ArrayList<>();
        if (m.maxShift() > 0) {
            parts.add("shift " + m.maxShift());
        }
        if (m.maxRotation() > 0) {
            parts.add("rotate " + Readable.number(m.maxRotation()));
        }
        if (m.maxScale() > 0) {
            parts.add("scale " + Readable.number(m.maxScale()));
        }
        if (m.flipped()) {
            parts.add("flip");
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static List<Candidate> candidates(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Candidate> out = new ArrayList<>();
        try (Stream<Path> subdirs = Files.list(dir)) {
            for (Path sub : subdirs.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(sub)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                        out.add(new Candidate(sub.getFileName().toString(), Json.read(f, ModelMetadata.class),
                                AccuracyTable.validationPct(f)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": unreadable (" + e.getMessage() + ")", e);
        }
        return out;
    }

    /**
     * Per dataset: the chosen candidate against the runner-up, the difference in held-out images, and the binomial
     * standard error √(p(1 − p)/N) of one run's validation accuracy, so a reader sees whether the choice is beyond
     * the noise of single runs.
     */
    public static String reading(Table t) {
        StringBuilder sb = new StringBuilder("**Recipe search.** ");
        for (String dataset : t.column("dataset").stream().distinct().toList()) {
            List<List<String>> rows = new ArrayList<>(t.where("dataset", dataset).rows().stream()
                    .filter(r -> !Readings.raw(r, t, "validation_accuracy_pct").isBlank()).toList());
            rows.sort((a, b) -> Double.compare(Readings.num(b, t, "validation_accuracy_pct"),
                    Readings.num(a, t, "validation_accuracy_pct")));
            if (rows.isEmpty()) {
                continue;
            }
            List<String> chosen = rows.get(0);
            double p = Readings.num(chosen, t, "validation_accuracy_pct") / 100;
            double n = Readings.num(chosen, t, "validation_images");
            sb.append(String.format(Locale.ROOT, "On %s the chosen recipe is `%s` (validation %s %%", dataset,
                    Readings.raw(chosen, t, "candidate"), Readings.raw(chosen, t, "validation_accuracy_pct")));
            if (rows.size() > 1) {
                List<String> next = rows.get(1);
                double diff = p - Readings.num(next, t, "validation_accuracy_pct") / 100;
                sb.append(String.format(Locale.ROOT, "; `%s` %s %%): %d of %d held-out images more, where one "
                                + "run's validation accuracy has a binomial standard error of %s points — %s. ",
                        Readings.raw(next, t, "candidate"), Readings.raw(next, t, "validation_accuracy_pct"),
                        Math.round(diff * n), Math.round(n), Readable.number(100 * Math.sqrt(p * (1 - p) / n)),
                        diff * 100 > 2 * 100 * Math.sqrt(2 * p * (1 - p) / n) ? "beyond the noise of single runs"
                                : "within the noise of single runs, so the choice is a lean, not a proof"));
            } else {
                sb.append("). ");
            }
        }
        return sb.toString().trim();
    }
}
