package io.github.invertible.experiments;

import io.github.invertible.common.Json;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.references.ReferenceModels;
import io.github.invertible.report.CsvTable;
import io.github.invertible.report.Table;
import io.github.invertible.training.ModelMetadata;
import org.nd4j.shade.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * T2 (DESIGN §6.2): one row per trained MNIST reference — its seeds pooled (mean, sample standard deviation) — with
 * the validation accuracy the recipe was chosen on, the test accuracy reported for the record, and the share of T1's
 * digits each registered inverse method certifies; then published reference points. Models of other datasets have their rows
 * in their own section (DESIGN §9).
 */
public final class AccuracyTable {
    /** T2 as the reproduction writes it ({@link #build}). */
    public static final String CSV = "t2_accuracy.csv";
    /**
     * The columns: one {@code invertible_pct_METHOD} per registered inverse method ({@link InverseMethod#values()},
     * METHOD its {@link InverseMethod#column()}), the share of T1's digits that method certified.
     */
    public static final String[] COLUMNS = columns();
    /** Prefix of the per-method certified-share columns. */
    public static final String INVERTIBLE_PCT = "invertible_pct_";
    /** Where the reproduction records the proposed method's certified share for invertible models T1 skips. */
    public static final String INVERTIBILITY_DIR = "invertibility";

    /**
     * Published MNIST test accuracies, quoted rather than measured. The invertible architectures of the literature
     * are not listed: i-RevNet reports ImageNet only, and i-ResNet's MNIST figure is not quoted without its number.
     */
    private static final List<Object[]> LITERATURE = List.of(
            literature("Byerly et al. 2020, No Routing Needed Between Capsules (arXiv:2001.09136; single-model record; "
                    + "99.87 for an ensemble)", "conv", "none", 99.83),
            literature("DropConnect ensemble (Wan et al. ICML 2013; state of the art on MNIST)", "conv", "none", 99.79));

    private AccuracyTable() {
    }

    private static String[] columns() {
        List<String> c = new ArrayList<>(List.of("model", "arch", "constraint", "layout", "params", "epochs", "seeds",
                "validation_accuracy_pct", "test_accuracy_pct", "test_accuracy_sd", "train_minutes"));
        for (InverseMethod m : InverseMethod.values()) {
            c.add(invertibleColumn(m));
        }
        c.add("source");
        return c.toArray(String[]::new);
    }

    /** T2's column of the share of digits {@code m} certified. */
    public static String invertibleColumn(InverseMethod m) {
        return "invertible_pct_" + m.column();
    }

    private static Object[] literature(String what, String arch, String constraint, Double accuracy) {
        Object[] row = new Object[COLUMNS.length];
        row[0] = what;
        row[1] = arch;
        row[2] = constraint;
        row[8] = accuracy;
        row[COLUMNS.length - 1] = "literature";
        return row;
    }

    /** One trained model: its metadata and the final validation accuracy (null without a validation split). */
    public record Run(ModelMetadata meta, Double validationPct) {
    }

    /** The seeds of one reference: same network and epochs, seeds differing. */
    public record Group(String name, List<Run> runs) {
        public ModelMetadata first() {
            return runs.get(0).meta();
        }

        public double meanTest() {
            return runs.stream().mapToDouble(r -> r.meta().testAccuracyPct()).average().orElse(Double.NaN);
        }

        /** Sample standard deviation of the test accuracy (n − 1 in the denominator); NaN for one seed. */
        public double sdTest() {
            return sampleSd(runs.stream().mapToDouble(r -> r.meta().testAccuracyPct()).toArray());
        }

        /** Mean validation accuracy over the seeds that held a validation split out; null if none did. */
        public Double meanValidation() {
            double[] v = runs.stream().filter(r -> r.validationPct() != null).mapToDouble(Run::validationPct).toArray();
            return v.length == 0 ? null : java.util.Arrays.stream(v).average().orElseThrow();
        }

        public double meanMinutes() {
            return runs.stream().mapToDouble(r -> r.meta().trainMinutes()).average().orElse(Double.NaN);
        }
    }

    static double sampleSd(double[] x) {
        if (x.length < 2) {
            return Double.NaN;
        }
        double mean = java.util.Arrays.stream(x).average().orElseThrow();
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / (x.length - 1));
    }

    /** T2 from the model metadata in {@code modelDir}, without invertible shares. */
    public static CsvTable build(Path modelDir) {
        return build(modelDir, null);
    }

    /**
     * T2 from every {@code *.json} model metadata in {@code modelDir}, grouped by reference; the certified shares
     * come from the T1 run records in {@code reportDir} (and its {@value #INVERTIBILITY_DIR} folder).
     */
    public static CsvTable build(Path modelDir, Path reportDir) {
        CsvTable t = new CsvTable(COLUMNS);
        for (Group g : groups(modelDir)) {
            ModelMetadata m = g.first();
            if (!m.datasetOrMnist().name().equals("mnist")) {
                continue; // other datasets' models have their rows in their own section (OtherDatasetsSection)
            }
            double sd = g.sdTest();
            List<Object> row = new ArrayList<>(List.of(g.name(), m.spec().arch().toString(),
                    m.spec().constraint().toString(), layout(m.spec(), m.datasetOrMnist().shape()), m.parameters(),
                    m.epochs(), g.runs().size()));
            row.add(g.meanValidation());
            row.add(g.meanTest());
            row.add(Double.isNaN(sd) ? null : sd);
            row.add(g.meanMinutes());
            for (InverseMethod method : InverseMethod.values()) {
                row.add(m.spec().arch() == NetworkSpec.Arch.PLAINCNN ? null
                        : invertiblePct(reportDir, m.name(), method));
            }
            row.add("measured");
            t.add(row.toArray());
        }
        LITERATURE.forEach(t::add);
        return t;
    }

    /**
     * The models grouped by reference ({@link ReferenceModels#group}), in name order; a seed whose network or epochs
     * differ from its group's first model stays a row of its own rather than being averaged with it.
     */
    public static List<Group> groups(Path modelDir) {
        Map<String, List<Run>> byKey = new LinkedHashMap<>();
        for (Path f : metadataFiles(modelDir)) {
            ModelMetadata m = Json.read(f, ModelMetadata.class);
            String base = ReferenceModels.group(m.name());
            String key = base + "|" + m.epochs() + "|" + m.spec().toBuilder().seed(0).build().toJson();
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new Run(m, validationPct(f)));
        }
        Map<String, Integer> groupsOfBase = new LinkedHashMap<>();
        byKey.keySet().forEach(k -> groupsOfBase.merge(k.substring(0, k.indexOf('|')), 1, Integer::sum));
        List<Group> out = new ArrayList<>();
        byKey.forEach((key, runs) -> {
            String base = key.substring(0, key.indexOf('|'));
            runs.sort(java.util.Comparator.comparingInt(r -> seedIndex(r.meta().name(), base)));
            boolean hasBase = runs.get(0).meta().name().equals(base);
            // named after the reference if it holds the reference's own model or is its only group
            out.add(new Group(hasBase || groupsOfBase.get(base) == 1 ? base : runs.get(0).meta().name(), runs));
        });
        out.sort(java.util.Comparator.comparing(Group::name));
        return out;
    }

    /** k of a model NAME-seedK of the group NAME (1 for NAME itself). */
    private static int seedIndex(String model, String base) {
        return model.equals(base) ? 1 : Integer.parseInt(model.substring((base + ReferenceModels.SEED_SUFFIX).length()));
    }

    /**
     * The cost of invertibility as a reading of T2 (DESIGN §6.2): the mean test accuracy of {@code model} minus that
     * of the non-invertible {@code baseline}, with the standard error of the difference, sqrt(s1²/n1 + s2²/n2), from
     * the seeds' sample standard deviations (a group of one seed borrows the other's, equal spread assumed and said);
     * whether the two had the same budget (epochs) is said too. Null if either row is missing.
     */
    public static String costOfInvertibility(Table t2, String model, String baseline) {
        Table a = t2.where("model", model);
        Table b = t2.where("model", baseline);
        if (a.rows().isEmpty() || b.rows().isEmpty()) {
            return null;
        }
        double m1 = num(a, "test_accuracy_pct");
        double m2 = num(b, "test_accuracy_pct");
        int n1 = (int) num(a, "seeds");
        int n2 = (int) num(b, "seeds");
        double s1 = num(a, "test_accuracy_sd");
        double s2 = num(b, "test_accuracy_sd");
        String spread;
        if (Double.isNaN(s1) && Double.isNaN(s2)) {
            spread = " (single runs: no spread measured)";
        } else {
            String assumed = Double.isNaN(s1) ? "; " + model + "'s spread assumed equal to " + baseline + "'s"
                    : Double.isNaN(s2) ? "; " + baseline + "'s spread assumed equal to " + model + "'s" : "";
            double v1 = Double.isNaN(s1) ? s2 : s1;
            double v2 = Double.isNaN(s2) ? s1 : s2;
            spread = String.format(Locale.ROOT, " ± %s (standard error of the difference%s)",
                    io.github.invertible.report.Readable.number(Math.sqrt(v1 * v1 / n1 + v2 * v2 / n2)), assumed);
        }
        String e1 = a.column("epochs").get(0);
        String e2 = b.column("epochs").get(0);
        String budget = e1.equals(e2) ? "same budget, " + e1 + " epochs each"
                : "NOT the same budget: " + e1 + " against " + e2 + " epochs";
        return String.format(Locale.ROOT, "**Cost of invertibility.** %s (%d seed%s) minus %s (%d seed%s), %s: %s "
                        + "percentage points of test accuracy%s.", model, n1, n1 == 1 ? "" : "s", baseline, n2,
                n2 == 1 ? "" : "s", budget, io.github.invertible.report.Readable.number(m1 - m2), spread);
    }

    private static double num(Table t, String column) {
        String v = t.column(column).get(0);
        return v == null || v.isBlank() ? Double.NaN : Double.parseDouble(v);
    }

    /**
     * The final validation accuracy of a model's metadata, if it held a validation split out ({@code validation} &gt;
     * 0); metadata of runs without one, or of releases before the split existed, give null (an empty cell).
     */
    static Double validationPct(Path metadataJson) {
        try {
            JsonNode n = Json.MAPPER.readTree(metadataJson.toFile());
            JsonNode v = n.get("validationAccuracyPct");
            return n.path("validation").asInt(0) > 0 && v != null && v.isNumber() ? v.asDouble() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(metadataJson + ": unreadable JSON (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Share (%) of T1's digits {@code method} certified on the model: from a run record {@code t1_run_NAME.json}
     * (its {@code certifiedPct.METHOD}) in the report folder or its {@value #INVERTIBILITY_DIR} folder, else from the
     * "all classes" row of a {@code t1_relative_error.csv} there (run records of earlier releases); null if none has it.
     */
    static Double invertiblePct(Path reportDir, String model, InverseMethod method) {
        RunRecord r = runRecord(reportDir, model, method);
        return r == null ? null : r.certifiedPct();
    }

    /**
     * What one method's run on T1's digits recorded: the certified share (%) and, where the run record has it, the
     * wall time in seconds and the number of digits (null when read from an earlier release's CSV).
     */
    public record RunRecord(double certifiedPct, Double seconds, Integer digits) {
    }

    /** The run of {@code method} on {@code model}'s T1 digits, as recorded in reportDir (see {@link #invertiblePct}). */
    public static RunRecord runRecord(Path reportDir, String model, InverseMethod method) {
        if (reportDir == null) {
            return null;
        }
        for (Path dir : List.of(reportDir, reportDir.resolve(INVERTIBILITY_DIR))) {
            Path run = dir.resolve(RelativeErrorTable.runRecord(model));
            if (Files.isRegularFile(run)) {
                try {
                    JsonNode rec = Json.MAPPER.readTree(run.toFile());
                    JsonNode pct = rec.path("certifiedPct").get(method.id());
                    if (pct != null && pct.isNumber()) {
                        JsonNode timing = rec.path("timing").path(method.id());
                        JsonNode sec = timing.get("seconds");
                        JsonNode rate = timing.get("digitsPerSecond");
                        JsonNode n = timing.get("digits"); // records of earlier releases: seconds × rate
                        boolean timed = sec != null && sec.isNumber() && rate != null && rate.isNumber();
                        Integer digits = n != null && n.isNumber() ? Integer.valueOf(n.asInt())
                                : timed ? Integer.valueOf((int) Math.round(sec.asDouble() * rate.asDouble())) : null;
                        return new RunRecord(pct.asDouble(), timed ? sec.asDouble() : null, digits);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(run + ": unreadable JSON (" + e.getMessage() + ")", e);
                }
            }
            Path csv = dir.resolve(RelativeErrorTable.CSV);
            if (Files.isRegularFile(csv)) {
                Table t = Table.readCsv(csv).where("model", model).where("method", method.id()).where("class", "all");
                if (!t.rows().isEmpty()) {
                    return new RunRecord(Double.parseDouble(t.column("recovered_pct").get(0)), null, null);
                }
            }
        }
        return null;
    }

    /** Widths that tell the models apart, e.g. "stage 16/64 ch, K 32/64; head 2x128 conv + 256". */
    static String layout(NetworkSpec s) {
        return layout(s, io.github.invertible.common.ImageShape.MNIST);
    }

    /** The same for a network on images of {@code shape} (the dense units are C·H·W wide, DESIGN §9). */
    static String layout(NetworkSpec s, io.github.invertible.common.ImageShape shape) {
        String head = (s.headConvLayers() > 0 ? s.headConvLayers() + "x" + s.headConv() + " conv + " : "")
                + s.headWidth();
        return switch (s.arch()) {
            case CONV -> String.format(Locale.ROOT, "stage %d/%d ch, K %d/%d, %d units each; head %s",
                    s.convWidth1(), 4 * s.convWidth1(), s.hidden1(), s.hidden2(), s.unitsPerStage(), head);
            case DENSE -> String.format(Locale.ROOT, "%d units of width %d, k %d; head %d", s.denseUnits(),
                    shape.size(), s.denseWidth(), s.headWidth());
            case PLAINCNN -> s.headConvLayers() > 0
                    ? "plain 3x3 conv 32, pool, 64, 64, pool, 64, 64; head " + head
                    : String.format(Locale.ROOT, "conv 32, conv 64 (5x5, max pool); head %d", s.headWidth());
        };
    }

    public static List<ModelMetadata> metadata(Path modelDir) {
        return metadataFiles(modelDir).stream().map(f -> Json.read(f, ModelMetadata.class)).toList();
    }

    private static List<Path> metadataFiles(Path modelDir) {
        if (!Files.isDirectory(modelDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(modelDir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + modelDir, e);
        }
    }
}
