package io.github.invertible.cli;

import io.github.invertible.common.AtomicFiles;
import io.github.invertible.common.OutputFolders;
import io.github.invertible.common.RunEnvironment;
import io.github.invertible.common.UserError;
import io.github.invertible.data.Datasets;
import io.github.invertible.data.Mnist;
import io.github.invertible.training.ModelMetadata;
import io.github.invertible.training.Trainer;
import io.github.invertible.report.CsvTable;
import io.github.invertible.report.Readable;
import io.github.invertible.report.Table;
import io.github.invertible.experiments.AccuracyTable;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.experiments.ReferenceModels;
import io.github.invertible.experiments.ReproductionReport;
import io.github.invertible.report.ReportWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
            description = "Digits per class on which the proposed method is run for T2's invertible_pct of the "
                    + "invertible models T1 does not invert (conv-none, dense-tied): T1's digits by default "
                    + "(${DEFAULT-VALUE}); 0 skips it.")
    int invertibilityPerClass;
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
        Ranges.atLeast("--cases", cases, 1);
        Ranges.atLeast("--depth-per-class", depthPerClass, 1);
        OutputFolders.requireWritable(out, "--out");
        if (retrain) {
            OutputFolders.requireWritable(modelDir, "--model-dir");
        }
        long start = System.nanoTime();
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("command", "mvn exec:java -Dreproduce" + (retrain ? " -Dargs=--retrain" : ""));
        Mnist mnist = dataFor("mnist"); // fetch and verify MNIST once, before the steps that need it

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
        keepOnlyRowsOf(out.resolve(io.github.invertible.experiments.RelativeErrorTable.CSV), inverted); // T1 is the models present now
        keepOnlyRowsOf(out.resolve(io.github.invertible.experiments.RelativeErrorTable.DATASETS_CSV), inverted);
        for (ReferenceModels.Reference ref : ReferenceModels.ALL) {
            // T2's invertible_pct of the invertible models T1 does not invert: the proposed method only, on T1's digits
            Path zip = modelDir.resolve(ref.name() + ".zip");
            if (invertibilityPerClass > 0 && !ref.inverted() && ref.arch() != NetworkSpec.Arch.PLAINCNN
                    && Files.isRegularFile(zip)) {
                List<String> args = new ArrayList<>(List.of("--model", zip.toString(), "--per-class",
                        Integer.toString(invertibilityPerClass), "--methods", "proposed", "--out",
                        out.resolve(AccuracyTable.INVERTIBILITY_DIR).toString()));
                if (ref.dataset().equals(data.id().id())) {
                    args.addAll(data.args()); // the others: invert reads the model's dataset from its metadata
                }
                step("invertibility, " + ref.name(), new InvertCommand(), args, provenance);
            }
        }
        io.github.invertible.experiments.BeyondThePaper.run(modelDir, out, mnist, depthPerClass, provenance); // issue 18
        AccuracyTable.build(modelDir, out).write(out.resolve("t2_accuracy.csv"));
        var search = io.github.invertible.experiments.RecipeSearch.build(modelDir); // the runs the recipe was chosen on
        if (search.isPresent()) {
            search.get().write(out.resolve(io.github.invertible.experiments.RecipeSearch.CSV));
        }
        io.github.invertible.experiments.ReproductionFigures.write(modelDir, out); // F0, training curves

        provenance.put("total minutes", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 6e10));
        provenance.putAll(RunEnvironment.describe());
        ReportWriter.write(ReproductionReport.build(out, AccuracyTable.metadata(modelDir), provenance), out);
        System.out.println("Report written: " + out.resolve("README.md") + " (also report.html, report.ipynb)");
        return 0;
    }

    /**
     * The data of a reference model: from {@code --dataset}/{@code --data-dir} when they name that dataset (the
     * paper's part is always MNIST), else from its default folder, fetched on first use (DESIGN §9).
     */
    private Mnist dataFor(String dataset) {
        Datasets.Id id = Datasets.Id.parse(dataset);
        return loaded.computeIfAbsent(dataset, k -> id == data.id() ? data.load() : Datasets.load(id, null));
    }

    private final Map<String, Mnist> loaded = new java.util.HashMap<>();

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
