package io.github.invertible.cli;

import io.github.invertible.common.AtomicFiles;
import io.github.invertible.common.OutputFolders;
import io.github.invertible.common.RunEnvironment;
import io.github.invertible.common.UserError;
import io.github.invertible.data.Datasets;
import io.github.invertible.data.ImageDataset;
import io.github.invertible.training.ModelMetadata;
import io.github.invertible.training.Trainer;
import io.github.invertible.report.CsvTable;
import io.github.invertible.report.Readable;
import io.github.invertible.report.Table;
import io.github.invertible.experiments.AccuracyTable;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.references.ReferenceModels;
import io.github.invertible.experiments.report.ReproductionReport;
import io.github.invertible.experiments.Frontier;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.report.ReportWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mvn exec:java -Dreproduce}: every figure and table of the paper into notebooks-export/. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Fetch the data if needed, use (or --retrain) the reference models, make F0 (the network), "
                + "F1, F2, F3, F4 (interpolations), F5 (stability of the inverse), T1, T1 by depth and T2, and write "
                + "the report (README.md, report.html, report.ipynb, CSV, PNG).")
public final class ReproduceCommand implements Callable<Integer> {
    @Option(names = "--retrain", description = "Retrain the reference models (same options and seeds) first.")
    boolean retrain;

    @Option(names = "--per-class", defaultValue = "100", description = "T1 digits per class (default ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--invertibility-per-class", defaultValue = "100",
            description = "Digits per class on which the existing and the proposed method are run, for T2's and T3's "
                    + "certified shares, on the invertible models T1 does not invert: T1's digits by default "
                    + "(${DEFAULT-VALUE}); 0 skips it.")
    int invertibilityPerClass;
    @Option(names = "--other-methods-per-class", defaultValue = "10",
            description = "Digits per class for the other registered methods on those models (default "
                    + "${DEFAULT-VALUE}, the first tenth of T1's digits: a method that does not converge on a unit "
                    + "runs to its iteration budget on every digit it does not certify, about 20 minutes per 1000 "
                    + "digits on the unconstrained model); 100 runs them on T1's digits too, 0 skips them.")
    int otherMethodsPerClass;
    @Option(names = "--invertibility-methods", split = ",", converter = OptionTypes.MethodConverter.class,
            completionCandidates = OptionTypes.MethodChoices.class,
            description = "The inverse methods run for T2's and T3's certified shares, from ${COMPLETION-CANDIDATES} "
                    + "(default: every one).")
    List<InverseMethod> invertibilityMethods;
    @Option(names = "--depth-per-class", defaultValue = "100", description = "T1 by depth: digits per class "
            + "inverted from every vertex (default ${DEFAULT-VALUE}, T1's 1000 digits).")
    int depthPerClass;

    @Option(names = "--cases", defaultValue = "500", description = "F1/F2 random cases per point (default ${DEFAULT-VALUE}).")
    int cases;

    @Option(names = "--model-dir", defaultValue = "model", description = "Reference models (default ${DEFAULT-VALUE}).")
    Path modelDir;

    @Option(names = "--out", defaultValue = "notebooks-export", description = "Report folder (default ${DEFAULT-VALUE}).")
    Path out;

    /** --dataset/--data-dir: where that dataset's files are (the paper's part is always MNIST; DESIGN §9). */
    @Mixin
    DataOptions data;

    @Override
    public Integer call() throws Exception {
        Ranges.atLeast("--per-class", perClass, 1);
        Ranges.atLeast("--invertibility-per-class", invertibilityPerClass, 0);
        Ranges.atLeast("--other-methods-per-class", otherMethodsPerClass, 0);
        Ranges.atLeast("--cases", cases, 1);
        Ranges.atLeast("--depth-per-class", depthPerClass, 1);
        StagedFolder.recover(out); // a run killed while swapping its results in: the old folder back first
        OutputFolders.requireWritable(out, "--out");
        if (retrain) {
            OutputFolders.requireWritable(modelDir, "--model-dir");
        }
        requireMergeableResults(out); // before any work
        // every step writes into a copy of --out, swapped in only once all succeeded (DESIGN §9)
        Path target = out;
        StagedFolder staged = StagedFolder.begin(target);
        out = staged.dir();
        try {
            reproduce();
            staged.commit();
        } finally {
            out = target;
            staged.discardIfOpen();
        }
        System.out.println("Report written: " + out.resolve("README.md") + " (also report.html, report.ipynb)");
        return 0;
    }

    /**
     * The tables reproduce merges into (T1's, kept for the models present) must be readable with their columns,
     * and no folder may sit where it writes a file; checked in {@code --out} before the copy is made.
     */
    static void requireMergeableResults(Path out) throws java.io.IOException {
        String[] t1 = io.github.invertible.experiments.RelativeErrorTable.COLUMNS;
        MergedResults.read(out.resolve(io.github.invertible.experiments.RelativeErrorTable.CSV), t1);
        MergedResults.read(out.resolve(io.github.invertible.experiments.RelativeErrorTable.DATASETS_CSV),
                io.github.invertible.experiments.RelativeErrorTable.DATASET_COLUMNS);
        MergedResults.read(out.resolve(AccuracyTable.INVERTIBILITY_DIR)
                .resolve(io.github.invertible.experiments.RelativeErrorTable.CSV), t1);
        for (Path dir : List.of(out, out.resolve(AccuracyTable.INVERTIBILITY_DIR))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    if (p.getFileName().toString().matches(".*\\.(csv|md|png|json|html|ipynb|txt)")) {
                        MergedResults.requireFileTarget(p);
                    }
                }
            }
        }
    }

    private void reproduce() throws Exception {
        long start = System.nanoTime();
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("command", "mvn exec:java -Dreproduce" + (retrain ? " -Dargs=--retrain" : ""));
        ImageDataset mnist = dataFor("mnist"); // fetch and verify MNIST once, before the steps that need it

        if (retrain) {
            for (ReferenceModels.Reference ref : ReferenceModels.ALL) {
                for (int k = 1; k <= ref.seeds(); k++) { // every seed of the reference (DESIGN §6.2)
                    int seed = k;
                    timed("train " + ref.modelName(k), provenance, () -> {
                        // each reference on its own dataset (DESIGN §9): Fashion-MNIST is fetched when first needed
                        ModelMetadata meta = new Trainer().train(ref.config(modelDir, seed), dataFor(ref.dataset()));
                        System.out.printf(Locale.ROOT, "%s: test accuracy %.2f %% (%d epochs, %.1f min)%n",
                                meta.name(), meta.testAccuracyPct(), meta.epochs(), meta.trainMinutes());
                    });
                }
            }
        }
        step("F1 and F2", new ExperimentsCommand(), List.of("--out", out.toString(), "--cases", Integer.toString(cases)),
                provenance);
        List<String> inverted = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (ReferenceModels.Reference ref : ReferenceModels.ALL) {
            Path zip = modelDir.resolve(ref.name() + ".zip");
            if (ref.inverted() && Files.isRegularFile(zip)) {
                inverted.add(ref.name());
                List<String> args = new ArrayList<>(List.of("--model", zip.toString(), "--per-class",
                        Integer.toString(perClass), "--out", out.toString()));
                if (ref.dataset().equals(data.id().id())) {
                    args.addAll(data.args()); // the others: invert reads the model's dataset from its metadata
                }
                step("F3 and T1, " + ref.name(), new InvertCommand(), args, provenance);
            } else if (ref.inverted() && !ref.dataset().equals("mnist")) {
                missing.add(zip.toString());
            }
        }
        if (!missing.isEmpty()) { // the other datasets' section shows the models present; name the absent ones
            System.out.println("Other datasets: " + String.join(", ", missing) + " not found, left out of T1 and the "
                    + "section (--retrain trains them, or app/train with the options in ReferenceModels)");
        }
        // T2's invertible_pct_METHOD for every registered method (DESIGN §6.3) on the invertible models T1 does not
        // invert (T1 runs every method): the paper's two on T1's digits, the others on --other-methods-per-class
        List<InverseMethod> selected = invertibilityMethods == null || invertibilityMethods.isEmpty()
                ? Arrays.asList(InverseMethod.values()) : invertibilityMethods.stream().distinct().toList();
        List<InverseMethod> paper = selected.stream().filter(T1_METHODS::contains).toList();
        List<InverseMethod> others = selected.stream().filter(m -> !T1_METHODS.contains(m)).toList();
        for (ReferenceModels.Reference ref : ReferenceModels.ALL) {
            Path zip = modelDir.resolve(ref.name() + ".zip");
            boolean t2Row = ref.dataset().equals("mnist"); // T2 is MNIST's
            if (inverted.contains(ref.name()) || ref.arch() == NetworkSpec.Arch.PLAINCNN || !t2Row
                    || !Files.isRegularFile(zip)) {
                continue;
            }
            Path dir = out.resolve(AccuracyTable.INVERTIBILITY_DIR);
            if (invertibilityPerClass > 0 && !paper.isEmpty()) {
                invert(ref, zip, invertibilityPerClass, paper, dir, "invertibility, " + ref.name(), provenance);
            }
            if (otherMethodsPerClass > 0 && !others.isEmpty()) {
                invert(ref, zip, otherMethodsPerClass, others, dir, "invertibility, other methods, " + ref.name(),
                        provenance);
            }
        }
        // T1 and F3 also for the most accurate model the proposed method certifies on >= 99 % of the digits (T3)
        Table t2Now = Table.readCsv(writeT2(out));
        Optional<String> chosen = Frontier.chosen(Frontier.write(t2Now, out));
        provenance.put("T1 and F3 also for (T3's choice)", chosen.orElse("none: no frontier model is certified"));
        if (chosen.isPresent() && !inverted.contains(chosen.get())) {
            ReferenceModels.Reference ref = ReferenceModels.ALL.stream().filter(r -> r.name().equals(chosen.get()))
                    .findFirst().orElseThrow();
            invert(ref, modelDir.resolve(ref.name() + ".zip"), perClass, T1_METHODS, out, "F3 and T1, " + ref.name(),
                    provenance);
            inverted.add(ref.name());
        }
        keepOnlyRowsOf(out.resolve(io.github.invertible.experiments.RelativeErrorTable.CSV), inverted); // T1 is the models present now
        keepOnlyRowsOf(out.resolve(io.github.invertible.experiments.RelativeErrorTable.DATASETS_CSV), inverted);
        io.github.invertible.experiments.BeyondThePaper.run(modelDir, out, mnist, depthPerClass, provenance);
        Table t2 = Table.readCsv(writeT2(out));
        Frontier.write(t2, out);
        var search = io.github.invertible.experiments.RecipeSearch.build(modelDir); // the runs the recipe was chosen on
        if (search.isPresent()) {
            search.get().write(out.resolve(io.github.invertible.experiments.RecipeSearch.CSV));
        }
        io.github.invertible.experiments.ReproductionFigures.write(modelDir, out); // F0, training curves

        provenance.put("total minutes", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 6e10));
        provenance.putAll(RunEnvironment.describe());
        ReportWriter.write(ReproductionReport.build(out, AccuracyTable.metadata(modelDir), provenance), out);
    }

    /** The methods T1 runs (invert's default): the proposed and the existing one. */
    static final List<InverseMethod> T1_METHODS = List.of(InverseMethod.PROPOSED, InverseMethod.EXISTING);

    private Path writeT2(Path out) throws java.io.IOException {
        Path csv = out.resolve(AccuracyTable.CSV);
        AccuracyTable.build(modelDir, out).write(csv);
        return csv;
    }

    /** {@code invert} on a reference model's T1 digits with {@code methods}, into {@code dir}. */
    private void invert(ReferenceModels.Reference ref, Path zip, int digitsPerClass, List<InverseMethod> methods,
                        Path dir, String what, Map<String, Object> provenance) {
        List<String> args = new ArrayList<>(List.of("--model", zip.toString(), "--per-class",
                Integer.toString(digitsPerClass), "--methods",
                methods.stream().map(InverseMethod::id).collect(Collectors.joining(",")), "--out", dir.toString()));
        if (ref.dataset().equals(data.id().id())) {
            args.addAll(data.args()); // the others: invert reads the model's dataset from its metadata
        }
        step(what, new InvertCommand(), args, provenance);
    }

    /**
     * The data of a reference model: from {@code --dataset}/{@code --data-dir} when they name that dataset (the
     * paper's part is always MNIST), else from its default folder, fetched on first use (DESIGN §9).
     */
    private ImageDataset dataFor(String dataset) {
        Datasets.Id id = Datasets.Id.parse(dataset);
        return loaded.computeIfAbsent(dataset, k -> id == data.id() ? data.load() : Datasets.load(id, null));
    }

    private final Map<String, ImageDataset> loaded = new java.util.HashMap<>();

    /**
     * Drops the T1 rows of models not inverted in this run, once every inversion succeeded (deleting the file
     * up front, as earlier releases did, lost every model's rows when a later step failed).
     */
    static void keepOnlyRowsOf(Path csv, List<String> models) throws java.io.IOException {
        if (!Files.isRegularFile(csv)) {
            return;
        }
        Table t = Table.readCsv(csv);
        CsvTable kept = new CsvTable(t.header().toArray(String[]::new));
        t.rows().stream().filter(r -> models.contains(r.get(0))).forEach(r -> kept.add(r.toArray()));
        AtomicFiles.write(csv, kept::write);
        AtomicFiles.write(csv.resolveSibling(csv.getFileName().toString().replace(".csv", ".md")),
                Readable.table(Table.readCsv(csv)).toMarkdown().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Runs one sub-command; its wall time goes into the report, a failure stops the reproduction. */
    private static void step(String what, Object command, List<String> args, Map<String, Object> provenance) {
        timed(what, provenance, () -> {
            int code = Main.configure(new CommandLine(command)).execute(args.toArray(String[]::new));
            if (code != 0) {
                throw new UserError("reproduction stopped: step '" + what + "' failed (exit code " + code + ")");
            }
        });
    }

    /** One step of the reproduction, announced, with its wall time in the report. */
    private static void timed(String what, Map<String, Object> provenance, Runnable work) {
        System.out.println("== " + what);
        long t = System.nanoTime();
        work.run();
        provenance.put("minutes, " + what, String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t) / 6e10));
    }
}
