package io.github.invertible.cli;

import io.github.invertible.common.AtomicFiles;
import io.github.invertible.common.Checksums;
import io.github.invertible.common.OutputFolders;
import io.github.invertible.common.UserError;
import io.github.invertible.training.ModelFiles;
import io.github.invertible.common.Json;
import io.github.invertible.common.RunEnvironment;
import io.github.invertible.data.BalancedSelection;
import io.github.invertible.data.DatasetDescriptor;
import io.github.invertible.data.Datasets;
import io.github.invertible.training.ModelMetadata;
import io.github.invertible.data.ImageDataset;
import io.github.invertible.data.ImageSplit;
import io.github.invertible.experiments.NetworkInversionExperiment;
import io.github.invertible.experiments.SampleOutcome;
import io.github.invertible.experiments.RecoveredDigitsFigure;
import io.github.invertible.experiments.RelativeErrorTable;
import io.github.invertible.inversion.FeatureStageInverter;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.inversion.InverseOptions;
import io.github.invertible.model.InvertibleLayer;
import io.github.invertible.report.CsvTable;
import io.github.invertible.report.Readable;
import io.github.invertible.report.Table;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mvn exec:java -Dinvert}: recovers test digits from a trained model's hidden representation (F3, T1). */
@Command(name = "invert", mixinStandardHelpOptions = true,
        description = "Invert the hidden representation of test images (the model's dataset) back to the input with the existing "
                + "(i-ResNet fixed point) and the proposed (activation-pattern) methods; writes T1 and F3.")
public final class InvertCommand implements Callable<Integer> {
    public static final Path DEFAULT_MODEL = Path.of("model", "conv-tied.zip");

    @Option(names = "--model", converter = OptionTypes.ModelConverter.class, paramLabel = "ZIP|NAME",
            description = "Trained model: a zip, or the NAME of model/NAME.zip (default ${DEFAULT-VALUE}).")
    Path model = DEFAULT_MODEL;

    @Option(names = "--layer", description = "Hidden vertex to invert from (default: the top of the feature stage).")
    String layer;

    @Option(names = "--per-class", defaultValue = "100", description = "Test images per class (default ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--methods", split = ",",
            converter = OptionTypes.MethodConverter.class, completionCandidates = OptionTypes.MethodChoices.class,
            description = "Comma-separated, from ${COMPLETION-CANDIDATES} (default: every registered method).")
    List<InverseMethod> methods;

    @Option(names = "--tolerance", defaultValue = "1e-6",
            description = "Certificate: accept x when |F(x) - y|/|y| < this, per unit (default ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--max-iter", defaultValue = "200", description = "Iteration budget per unit (default ${DEFAULT-VALUE}).")
    int maxIter;

    @Option(names = "--chunk", defaultValue = "250", description = "Digits inverted per batch (default ${DEFAULT-VALUE}).")
    int chunk;

    @Option(names = "--out", defaultValue = "notebooks-export", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--evaluate", description = "Also print DL4J's evaluation of the model on the whole test set "
            + "(accuracy, precision, recall, F1 and the confusion matrix; default off).")
    boolean evaluate;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() throws IOException {
        Ranges.atLeast("--per-class", perClass, 1);
        Ranges.positive("--tolerance", tolerance);
        Ranges.atLeast("--max-iter", maxIter, 1);
        Ranges.atLeast("--chunk", chunk, 1);
        List<InverseMethod> ms = methods == null ? List.of(InverseMethod.values()) : List.copyOf(methods);
        OutputFolders.requireWritable(out, "--out"); // before any work
        String name = modelName(model);
        requireModelFile(model);
        // the data the model was trained on (its verified metadata; zips of earlier releases: MNIST), DESIGN §9
        ModelMetadata trained = ModelFiles.readEmbedded(model).orElse(null);
        DatasetDescriptor expected = trained == null ? Datasets.MNIST : trained.datasetOrMnist();
        // every file this run writes or merges into, checked before any work: rows are never lost at the end
        String[] columns = mnistLayout(expected) ? RelativeErrorTable.COLUMNS : RelativeErrorTable.DATASET_COLUMNS;
        Path csv = out.resolve(mnistLayout(expected) ? RelativeErrorTable.CSV : RelativeErrorTable.DATASETS_CSV);
        Path md = csv.resolveSibling(csv.getFileName().toString().replace(".csv", ".md"));
        Path f3 = out.resolve(model.equals(DEFAULT_MODEL) ? RecoveredDigitsFigure.PNG : RecoveredDigitsFigure.png(name));
        Path runRecord = out.resolve(RelativeErrorTable.runRecord(name));
        MergedResults.read(csv, columns);
        for (Path p : List.of(md, f3, runRecord)) {
            MergedResults.requireFileTarget(p);
        }
        ComputationGraph net = load(model);
        FeatureStageInverter inverter = invertible(net, model);
        String vertex = layer != null ? layer : inverter.top();
        requireInvertible(net, inverter, vertex); // fail before loading data
        // the other methods' results of an earlier run on this model file and layer stay (each with its digits)
        MergedResults.Earlier earlier = MergedResults.earlierMethods(runRecord, Checksums.sha256(model), vertex)
                .without(ms.stream().map(InverseMethod::id).toList());
        InverseOptions options = InverseOptions.defaults().withTolerance(tolerance).withMaxIterations(maxIter);

        ImageDataset mnist = data.loadFor(trained == null ? null : trained.datasetOrMnist(), name);
        Datasets.requireTrainedOn(trained == null ? null : trained.dataset(), mnist, name);
        DatasetDescriptor dataset = mnist.descriptor();
        int[] indices = BalancedSelection.firstPerClass(mnist.test(), perClass);
        ImageSplit selection = mnist.test().select(indices);
        boolean imageInput = !inverter.stage().vertices().isEmpty()
                && inverter.stage().vertices().get(0).kind() != InvertibleLayer.Kind.RESIDUAL_DENSE;
        if (evaluate) { // DL4J's own summary, with the confusion matrix, on the whole test set
            System.out.println(io.github.invertible.training.Trainer.evaluate(net, mnist.test().toDataSet(imageInput))
                    .stats(false, true));
        }
        System.out.printf("Inverting %d %s test images (%d per class) of %s from '%s' (%d invertible vertices)%n",
                selection.size(), dataset.label(), perClass, name, vertex, inverter.vertexNames().size());

        NetworkInversionExperiment exp = new NetworkInversionExperiment(inverter, vertex, imageInput, chunk);
        List<NetworkInversionExperiment.MethodRun> runs = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (InverseMethod m : ms) {
            NetworkInversionExperiment.MethodRun run = exp.run(selection, indices, m, options);
            runs.add(run);
            rows.addAll(mnistLayout(dataset) ? RelativeErrorTable.rows(name, run)
                    : RelativeErrorTable.rows(name, run, dataset.label(), dataset.classNames()));
            System.out.printf(Locale.ROOT, "%s: %.1f s (%.1f digits/s)%n", m, run.seconds(), run.samplesPerSecond());
        }
        // Results are written only now that every method ran; each file atomically, other models' rows kept.
        // MNIST rows in t1_relative_error.csv as before; other datasets' in t1_relative_error_datasets.csv, the same
        // columns plus dataset and class_name (DESIGN §9)
        CsvTable t1 = RelativeErrorTable.table(columns, mergeWithOtherModels(csv, columns, name, earlier.certified().keySet(), rows));
        int[] firstOfEachClass = new int[dataset.shape().classes()];
        for (int c = 0; c < firstOfEachClass.length; c++) {
            firstOfEachClass[c] = c * perClass;
        }
        boolean digits = dataset.name().equals(Datasets.MNIST.name());
        AtomicFiles.write(f3, tmp -> RecoveredDigitsFigure.write(tmp, name, selection, firstOfEachClass, runs,
                digits ? null : dataset.classNames(), digits ? "digits" : dataset.name() + " images"));
        AtomicFiles.write(csv, tmp -> t1.write(tmp));
        AtomicFiles.write(md,
                Readable.table(Table.readCsv(csv)).toMarkdown().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        writeRunRecord(name, vertex, options, runs, mnist, earlier);
        printTable(rows);
        System.out.println("Wrote " + csv + ", " + md + ", " + f3 + " and "
                + out.resolve(RelativeErrorTable.runRecord(name)));
        return 0;
    }

    /** MNIST keeps the T1 CSV of earlier releases; other datasets get the one with a dataset column. */
    private static boolean mnistLayout(DatasetDescriptor d) {
        return d.name().equals(Datasets.MNIST.name());
    }

    private static FeatureStageInverter invertible(ComputationGraph net, Path zip) {
        try {
            return FeatureStageInverter.of(net);
        } catch (IllegalArgumentException e) {
            throw new UserError(zip + ": " + e.getMessage(), e);
        }
    }

    /** --layer must name a vertex of the feature stage; a head vertex is named as not invertible. */
    private static void requireInvertible(ComputationGraph net, FeatureStageInverter inverter, String vertex) {
        if (inverter.vertexNames().contains(vertex)) {
            return;
        }
        String valid = String.join(", ", inverter.vertexNames());
        if (net.getConfiguration().getVertices().containsKey(vertex)) {
            throw new UserError("--layer " + vertex + " is not invertible (it is above the feature stage); "
                    + "invertible layers are " + valid);
        }
        throw new UserError("--layer " + vertex + ": no such layer; invertible layers are " + valid);
    }

    static String modelName(Path zip) {
        String f = zip.getFileName().toString();
        return f.endsWith(".zip") ? f.substring(0, f.length() - 4) : f;
    }

    private static void requireModelFile(Path zip) {
        if (!Files.isRegularFile(zip)) {
            throw new UserError("model file not found: " + zip
                    + " (train one with `" + Launcher.command("train", null) + "`, or pass --model)");
        }
    }

    static ComputationGraph load(Path zip) {
        requireModelFile(zip);
        ComputationGraph net;
        try {
            net = ModelSerializer.restoreComputationGraph(zip.toFile(), false);
        } catch (Exception e) {
            throw new UserError("cannot read model file " + zip + ": not a DL4J ComputationGraph zip ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        ModelFiles.readEmbedded(zip); // its metadata, if any, must be the one written with these coefficients
        return net;
    }

    /**
     * Keeps the rows of other models already in the CSV, so each model can be inverted on its own, and this model's
     * rows of the {@code kept} methods (an earlier run's on the same model file and layer).
     */
    private static List<Object[]> mergeWithOtherModels(Path csv, String[] columns, String model,
                                                       java.util.Set<String> kept, List<Object[]> rows) {
        List<Object[]> merged = new ArrayList<>();
        for (List<String> r : MergedResults.read(csv, columns)) { // checked before the work, read again now
            if (!r.get(0).equals(model) || kept.contains(r.get(1))) {
                merged.add(r.toArray());
            }
        }
        merged.addAll(rows);
        return merged;
    }

    private static void printTable(List<Object[]> rows) {
        System.out.printf("%-10s %-6s %8s %14s %14s %10s %8s %8s  %s%n", "method", "class", "samples",
                "mean err %", "max err %", "recov. %", "med it", "max it", "failures");
        for (Object[] r : rows) {
            System.out.printf(Locale.ROOT, "%-10s %-6s %8d %14.3e %14.3e %10.1f %8d %8d  %s%n", r[1], r[2], r[3],
                    r[4], r[5], r[6], r[7], r[8], r[9]);
        }
    }

    private void writeRunRecord(String name, String vertex, InverseOptions options,
                                List<NetworkInversionExperiment.MethodRun> runs, ImageDataset mnist,
                                MergedResults.Earlier earlier) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("model", name);
        rec.put("modelSha256", Checksums.sha256(model));
        // from the zip itself (README, "Self-describing models"); zips of earlier releases have none
        ModelFiles.readEmbedded(model).ifPresent(m -> rec.put("modelTraining", Map.of("epochs", m.epochs(),
                "testAccuracyPct", m.testAccuracyPct(), "seed", m.seed(),
                "dataSha256", m.dataSha256() == null ? Map.of() : m.dataSha256())));
        rec.put("dataset", mnist.descriptor().label());
        rec.put("dataDir", data.dataDir != null ? data.dataDir.toString() : mnist.descriptor().directory());
        rec.put("dataSha256", mnist.sha256());
        rec.put("layer", vertex);
        rec.put("perClass", perClass);
        rec.put("selection", "first " + perClass + " test digits of each class, in file order");
        rec.put("tolerance", options.tolerance());
        rec.put("maxIterations", options.maxIterations());
        // an earlier run's methods on this model and layer first; T2's invertible_pct reads "proposed" (DESIGN §6.2)
        Map<String, Object> timing = new LinkedHashMap<>(earlier.timing());
        Map<String, Object> certified = new LinkedHashMap<>(earlier.certified());
        for (NetworkInversionExperiment.MethodRun r : runs) {
            timing.put(r.method().id(), Map.of("seconds", r.seconds(), "digitsPerSecond", r.samplesPerSecond(),
                    "digits", r.samples().size(), "perClass", perClass));
        }
        rec.put("timing", timing);
        for (NetworkInversionExperiment.MethodRun r : runs) {
            certified.put(r.method().id(),
                    100.0 * r.samples().stream().filter(SampleOutcome::certified).count() / r.samples().size());
        }
        rec.put("certifiedPct", certified);
        rec.put("environment", RunEnvironment.describe());
        Json.write(out.resolve(RelativeErrorTable.runRecord(name)), rec);
    }
}
