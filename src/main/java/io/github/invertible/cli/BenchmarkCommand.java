package io.github.invertible.cli;

import io.github.invertible.common.Json;
import io.github.invertible.common.OutputFolders;
import io.github.invertible.common.RunEnvironment;
import io.github.invertible.data.BalancedSelection;
import io.github.invertible.data.ImageDataset;
import io.github.invertible.data.ImageSplit;
import io.github.invertible.bench.Benchmarks;
import io.github.invertible.bench.Roofline;
import io.github.invertible.bench.GemmPeak;
import io.github.invertible.bench.MemoryBenchmarks;
import io.github.invertible.bench.OpProfile;
import io.github.invertible.model.FlopCount;
import io.github.invertible.bench.Benchmarks.InversionTiming;
import io.github.invertible.bench.Benchmarks.Stat;
import io.github.invertible.inversion.FeatureStageInverter;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.inversion.InverseOptions;
import io.github.invertible.inversion.LoopWorkspace;
import io.github.invertible.model.NetworkFactory;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.report.CsvTable;
import io.github.invertible.report.Table;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code mvn exec:java -Dbenchmark}: B1 training throughput against PyTorch and B3 inversion speed, both
 * measured now on this machine, with before/after rows for the optimisations that can be switched at run
 * time; B2 (time to 99.5 %) and the training part of B4 come from the shipped model's training record.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Benchmarks B1-B4 and the optimisations behind them; writes benchmarks.csv and "
                + "benchmarks.md and prints the table.")
public final class BenchmarkCommand implements Callable<Integer> {
    @Option(names = "--batches", defaultValue = "50", description = "Timed batches per repeat (default ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--repeats", defaultValue = "3", description = "Repeats; the median is reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", defaultValue = "20", description = "Untimed warm-up batches (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--model", defaultValue = "conv-tied", paramLabel = "ZIP|NAME",
            description = "Model for B2-B4: a zip, or the NAME of MODEL-DIR/NAME.zip (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--model-dir", defaultValue = "model", description = "Model folder (default ${DEFAULT-VALUE}).")
    Path modelDir;

    @Option(names = "--per-class", defaultValue = "100", description = "B3: test digits per class (default ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--out", defaultValue = "notebooks-export", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--pytorch-script", defaultValue = "src/bench/pytorch_reference.py",
            description = "The PyTorch baseline (default ${DEFAULT-VALUE}).")
    Path script;

    /** --gemm-size bounds: below 64 the GEMM measures call overhead; 8192 needs 0.8 GB for three float matrices. */
    static final int GEMM_MIN = 64;
    static final int GEMM_MAX = 8192;

    @Option(names = "--gemm-size", defaultValue = "2048",
            description = "B1 efficiency: side of the square float GEMM that measures the machine (default ${DEFAULT-VALUE}).")
    int gemmSize;

    @Option(names = "--skip-memory", description = "Leave out B4's child runs (T1 inversion and a short training in "
            + "fresh JVMs under two sets of limits, ~10 min).")
    boolean skipMemory;

    @Option(names = "--skip-pytorch", description = "Leave the PyTorch baseline out (B1 then has no ratio).")
    boolean skipPytorch;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() throws Exception {
        Ranges.atLeast("--batches", batches, 1);
        Ranges.atLeast("--repeats", repeats, 1);
        Ranges.atLeast("--warmup", warmup, 0);
        Ranges.atLeast("--batch", batch, 1);
        Ranges.atLeast("--per-class", perClass, 1);
        Ranges.between("--gemm-size", gemmSize, GEMM_MIN, GEMM_MAX);
        OutputFolders.requireWritable(out, "--out");
        // --model as invert takes it: a zip names its folder and model
        java.nio.file.Path zip = OptionTypes.ModelConverter.asZip(model, modelDir);
        modelDir = zip.getParent() == null ? java.nio.file.Path.of(".") : zip.getParent();
        model = InvertCommand.modelName(zip);
        NetworkSpec spec = NetworkSpec.defaults();
        ImageDataset mnist = data.load();
        if (!mnist.descriptor().shape().equals(io.github.invertible.common.ImageShape.MNIST) && !skipPytorch) {
            // the PyTorch reference script builds the network for MNIST's shape only
            System.out.println("B1: no PyTorch comparison for images of " + mnist.descriptor().shape().dimensions()
                    + " (the reference script is written for 1x28x28)");
            skipPytorch = true;
        }
        CsvTable t = new CsvTable("benchmark", "ours", "baseline", "ratio", "unit", "notes");

        // training first: resident memory does not shrink back, so a later peak reset cannot isolate a
        // smaller phase that follows a larger one
        training(spec, mnist.train(), t);
        inversion(mnist, t);
        io.github.invertible.bench.TrainingRecordBenchmarks.add(t, modelDir, model);
        if (!skipMemory) {
            Path work = Files.createTempDirectory("b4-");
            MemoryBenchmarks.add(t, MemoryBenchmarks.Jobs.of(modelDir.resolve(model + ".zip"), data.directory(),
                    mnist.descriptor().name(), perClass, batch, batches, work), work);
        }

        Files.createDirectories(out);
        t.write(out.resolve("benchmarks.csv"));
        String md = "# Benchmarks\n\nWritten by `mvn -B -q compile exec:java -Dbenchmark` (ratio = ours / baseline; "
                + "rows starting with O are optimisations measured in the same run, baseline = without it).\n\n"
                + "Machine and run: " + RunEnvironment.describe() + "\n\n"
                + io.github.invertible.report.Readable.table(Table.readCsv(out.resolve("benchmarks.csv")))
                .toMarkdown();
        Files.writeString(out.resolve("benchmarks.md"), md);
        System.out.println(md);
        return 0;
    }

    /** B3 and B4 (inversion), plus the mixed-precision optimisation. */
    private void inversion(ImageDataset mnist, CsvTable t) {
        Path zip = modelDir.resolve(model + ".zip");
        ComputationGraph net = InvertCommand.load(zip);
        FeatureStageInverter inverter = FeatureStageInverter.of(net);
        int[] indices = BalancedSelection.firstPerClass(mnist.test(), perClass);
        ImageSplit selection = mnist.test().select(indices);
        InverseOptions o = InverseOptions.defaults();
        int chunk = 250;
        // warm-up: one untimed run of each method on the same digits. The first run in a JVM is ~30 % slower
        // (JIT, oneDNN primitives and ND4J shape buffers for every batch size the shrinking working set takes);
        // it is reported, the goal is judged on the repeats after it.
        System.out.println("B3: warm-up, one run per method ...");
        InversionTiming cold = Benchmarks.inversion(inverter, inverter.top(), true, selection, indices,
                InverseMethod.PROPOSED, o, chunk, 1);
        Benchmarks.inversion(inverter, inverter.top(), true, selection, indices, InverseMethod.EXISTING, o, chunk, 1);
        System.out.println("B3: inverting " + selection.size() + " test digits, " + repeats + " repeats per method ...");
        Map<String, long[]> workBefore = inverter.convWork();
        InversionTiming proposed = Benchmarks.inversion(inverter, inverter.top(), true, selection, indices,
                InverseMethod.PROPOSED, o, chunk, repeats);
        String work = Benchmarks.workPerDigit(workBefore, inverter.convWork(), repeats * selection.size());
        InversionTiming existing = Benchmarks.inversion(inverter, inverter.top(), true, selection, indices,
                InverseMethod.EXISTING, o, chunk, repeats);
        Stat fwd = Benchmarks.forward(net, inverter.top(), selection, chunk, repeats);
        t.add("B3 inversion of the T1 digits, proposed vs existing", proposed.seconds().median(),
                existing.seconds().median(), proposed.seconds().median() / existing.seconds().median(), "seconds",
                String.format(Locale.ROOT, "%s, %d digits from %s; median of %d after a warm-up run: proposed %s s "
                                + "(%.0f digits/s, %d/%d recovered, median %d iterations per unit; the cold first run "
                                + "%.3g s), existing %s s (%.0f digits/s, %d/%d recovered, median %d); goal proposed "
                                + "<= 10 s and ratio <= 1", model,
                        selection.size(), inverter.top(), repeats, range(proposed.seconds()),
                        selection.size() / proposed.seconds().median(), proposed.recovered(), proposed.samples(),
                        proposed.medianIterationsPerUnit(), cold.seconds().median(), range(existing.seconds()),
                        selection.size() / existing.seconds().median(), existing.recovered(), existing.samples(),
                        existing.medianIterationsPerUnit()));
        t.add("B3 forward passes", proposed.seconds().median() / fwd.median(),
                existing.seconds().median() / fwd.median(), proposed.seconds().median() / existing.seconds().median(),
                "forward passes", String.format(Locale.ROOT, "inverse time of the %d digits / DL4J's float forward pass "
                                + "of the same digits to %s (net.feedForward, chunks of %d, median of %d: %s s); ours = "
                                + "proposed (%.3g s), baseline = existing (%.3g s); goal ours <= 10; proposed work per "
                                + "digit (operator applications = two float convolutions, double forward passes): %s; "
                                + "%s", selection.size(), inverter.top(), chunk, fwd.runs(), range(fwd),
                        proposed.seconds().median(), existing.seconds().median(), work,
                        profileNote("b3_profile.txt", "the proposed inverse of 100 of these digits", OpProfile.of(() ->
                                Benchmarks.inversion(inverter, inverter.top(), true, spread(selection, 100),
                                        spreadIndices(selection.size(), 100), InverseMethod.PROPOSED, o, chunk, 1)))));

        // optimisations of the proposed inverse that can be switched off, on the same digits and repeats as B3
        Function<Consumer<Boolean>, InversionTiming> proposedWithout = toggle -> {
            toggle.accept(false);
            try {
                return Benchmarks.inversion(inverter, inverter.top(), true, selection, indices, InverseMethod.PROPOSED,
                        o, chunk, repeats);
            } finally {
                toggle.accept(true);
            }
        };
        System.out.println("O: proposed inverse without loop workspaces ...");
        addInversionOptimisation(t, "O inversion: loop workspaces (iteration temporaries reuse memory)", proposed,
                proposedWithout.apply(LoopWorkspace::setEnabled), selection.size(),
                "baseline: every temporary a fresh native allocation");
        System.out.println("O: proposed inverse certified by a second double forward pass ...");
        addInversionOptimisation(t, "O inversion: certificate from the double base point (1 double forward pass per "
                + "digit and unit instead of 2)", proposed, proposedWithout.apply(inverter::certifyFromBase),
                selection.size(), "baseline: a second double forward pass at the returned x certifies it");

        int[] first = spreadIndices(selection.size(), 100);
        int n = first.length;
        ImageSplit sub = selection.select(first);
        System.out.println("O: inversion in double only vs mixed precision (" + n + " digits) ...");
        inverter.mixedPrecision(false);
        InversionTiming dbl = Benchmarks.inversion(inverter, inverter.top(), true, sub, first, InverseMethod.PROPOSED,
                o, chunk, 1);
        inverter.mixedPrecision(true);
        InversionTiming mixed = Benchmarks.inversion(inverter, inverter.top(), true, sub, first,
                InverseMethod.PROPOSED, o, chunk, 1);
        t.add("O inversion: mixed precision (float iterations, double certificate)",
                n / mixed.seconds().median(), n / dbl.seconds().median(),
                dbl.seconds().median() / mixed.seconds().median(), "digits/s",
                String.format(Locale.ROOT, "proposed method, %d digits; baseline all-double iterations; recovered %d vs %d",
                        n, mixed.recovered(), dbl.recovered()));
    }

    private static void addInversionOptimisation(CsvTable t, String name, InversionTiming with, InversionTiming without,
                                                 int digits, String baseline) {
        t.add(name, digits / with.seconds().median(), digits / without.seconds().median(),
                without.seconds().median() / with.seconds().median(), "digits/s",
                String.format(Locale.ROOT, "proposed method, %d digits, median of %d; with %s s, without %s s; %s; "
                                + "recovered %d vs %d", digits, with.seconds().runs(), range(with.seconds()),
                        range(without.seconds()), baseline, with.recovered(), without.recovered()));
    }

    /** B1 and B4 (training), plus the training optimisations that can be switched off at run time. */
    private void training(NetworkSpec spec, ImageSplit train, CsvTable t) throws Exception {
        RunEnvironment.resetPeakResident();
        System.out.println("B1: DL4J training throughput ...");
        Stat ours = Benchmarks.dl4jTraining(NetworkFactory.build(spec, train.shape()), true, train, batch, warmup, batches, repeats);
        long trainPeak = RunEnvironment.peakResidentMiB();
        if (skipPytorch) {
            t.add("B1 training throughput", ours.median(), null, null, "samples/s",
                    "PyTorch baseline skipped (--skip-pytorch); DL4J " + range(ours));
        } else {
            System.out.println("B1: PyTorch training throughput ...");
            Stat torch;
            try {
                torch = Benchmarks.pytorchTraining(script, data.directory(), spec, batch, warmup, batches, repeats);
            } catch (IllegalStateException e) { // PyTorch missing on this machine: the user can install it or skip it
                throw new io.github.invertible.common.UserError(e.getMessage() + " (or pass --skip-pytorch)", e);
            }
            t.add("B1 training throughput", ours.median(), torch.median(), ours.median() / torch.median(), "samples/s",
                    String.format(Locale.ROOT, "default network vs the same network in PyTorch (%s); float32; batch %d; "
                                    + "2 threads; median of %d x %d batches: DL4J %s, PyTorch %s; goal ratio >= 1",
                            script.getFileName(), batch, repeats, batches, range(ours), range(torch)));
        }
        t.add("B4 peak memory, training (this benchmark)", (double) trainPeak, null, null, "MiB",
                "VmHWM of this JVM over B1's DL4J part (peak reset before it)");
        efficiency(spec, train, ours, t);

        int quick = Math.max(10, batches / 2);
        System.out.println("O: training variants (" + quick + " batches each) ...");
        Stat base = Benchmarks.dl4jTraining(NetworkFactory.build(spec, train.shape()), true, train, batch, 5, quick, repeats);
        Stat builtIn = Benchmarks.dl4jTraining(Benchmarks.withBuiltInHeadConvolutions(spec), true, train, batch, 5,
                quick, repeats);
        t.add("O training: head convolutions as SameDiff conv2d (oneDNN) instead of DL4J ConvolutionLayer",
                base.median(), builtIn.median(), base.median() / builtIn.median(), "samples/s",
                "ConvReluLayer vs ConvolutionLayer, same weights shape; " + range(base) + " vs " + range(builtIn));
        Stat noWs = Benchmarks.dl4jTraining(Benchmarks.withoutWorkspaces(spec), true, train, batch, 5, quick, repeats);
        t.add("O training: DL4J workspaces", base.median(), noWs.median(), base.median() / noWs.median(), "samples/s",
                "WorkspaceMode.ENABLED (default) vs NONE; " + range(base) + " vs " + range(noWs));
        Nd4j.getEnvironment().allowHelpers(false);
        try {
            Stat noHelpers = Benchmarks.dl4jTraining(NetworkFactory.build(spec, train.shape()), true, train, batch, 2,
                    Math.max(5, quick / 4), 1);
            t.add("O training: oneDNN platform helpers", base.median(), noHelpers.median(),
                    base.median() / noHelpers.median(), "samples/s",
                    RunEnvironment.nd4jNativeBuild() + " with helpers allowed (default) vs "
                            + "Environment.allowHelpers(false)");
        } finally {
            Nd4j.getEnvironment().allowHelpers(true);
        }
        // a candidate, not applied: ND4J's default profiling mode checks every op's workspace scope
        var mode = Nd4j.getExecutioner().getProfilingMode();
        Nd4j.getExecutioner().setProfilingMode(org.nd4j.linalg.api.ops.executioner.OpExecutioner.ProfilingMode.DISABLED);
        try {
            Stat off = Benchmarks.dl4jTraining(NetworkFactory.build(spec, train.shape()), true, train, batch, 5, quick,
                    repeats);
            t.add("O training (candidate, not applied): ND4J profiling mode DISABLED instead of " + mode, off.median(),
                    base.median(), off.median() / base.median(), "samples/s", range(off) + " vs " + range(base));
        } finally {
            Nd4j.getExecutioner().setProfilingMode(mode);
        }
    }

    /** B1 efficiency: achieved training GFLOP/s over the machine's best float GEMM, measured now (DESIGN §10.1). */
    private void efficiency(NetworkSpec spec, ImageSplit train, Stat ours, CsvTable t) throws Exception {
        FlopCount flops = FlopCount.of(spec, train.shape());
        double achieved = ours.median() * flops.trainingFlops() / 1e9;
        System.out.println("B1: float GEMM " + gemmSize + "^3 in child processes ...");
        GemmPeak.Result own = GemmPeak.measure(gemmSize, Math.max(5, repeats), true);
        GemmPeak.Result inherited = GemmPeak.measure(gemmSize, Math.max(5, repeats), false);
        GemmPeak.Route best = own.best().gflops().median() >= inherited.best().gflops().median() ? own.best()
                : inherited.best();
        StringBuilder routes = new StringBuilder();
        for (GemmPeak.Result r : new GemmPeak.Result[]{own, inherited}) {
            routes.append(String.format(Locale.ROOT, "; OpenBLAS core %s with %s: ", r.openBlasCore(), r.environment()));
            r.routes().forEach(x -> routes.append(x.name()).append(' ').append(range(x.gflops())).append(", "));
        }
        t.add("B1 efficiency", achieved, best.gflops().median(), achieved / best.gflops().median(), "GFLOP/s",
                String.format(Locale.ROOT, "training %.1f MFLOP per image (3 x forward %.1f MFLOP, counted from the "
                                + "graph, DESIGN 10.1) x %.0f samples/s = %.1f GFLOP/s; best float GEMM %dx%d: %s%s; "
                                + "goal ratio >= 0.5; %s, %s; %s", flops.trainingFlops() / 1e6, flops.forwardFlops() / 1e6,
                        ours.median(), achieved, gemmSize, gemmSize, best.name(),
                        routes.toString().replace(", ;", ";").replaceAll(", $", ""), RunEnvironment.nd4jNativeBuild(),
                        io.github.invertible.common.CpuFeatures.ofThisMachine().advice(RunEnvironment.nd4jNativeBuild()),
                        profileNote("b1_profile.txt", "10 training batches of the default network",
                                Benchmarks.profileTraining(NetworkFactory.build(spec, train.shape()), train, batch, 10))));
        Roofline roof = Roofline.of(flops, batch, best.gflops().median(), own.bandwidthGBs().median());
        roof.table().write(out.resolve("b1_roofline.csv"));
        List<Roofline.Layer> memoryBound = roof.layers().stream().filter(Roofline.Layer::memoryBound).toList();
        t.add("B1 roofline", achieved, roof.ceilingGflops(), achieved / roof.ceilingGflops(), "GFLOP/s",
                String.format(Locale.ROOT, "training step against min(peak %.0f GFLOP/s, bandwidth %.1f GB/s (STREAM "
                                + "add, %s) x intensity) per layer, over the %d layers with products (b1_roofline.csv): "
                                + "roofline %.3g ms per image, measured %.3g ms; %d of %d layers memory-bound%s",
                        best.gflops().median(), own.bandwidthGBs().median(), range(own.bandwidthGBs()),
                        roof.layers().size(), roof.seconds() * 1e3, 1e3 / ours.median(),
                        memoryBound.size(), roof.layers().size(), memoryBound.isEmpty()
                                ? " (every layer is compute-bound: the ceiling is the GEMM peak)"
                                : String.format(Locale.ROOT, ", e.g. %s at %.1f FLOP/byte", memoryBound.get(0).name(),
                                memoryBound.get(0).intensity())));
    }

    /** Up to {@code n} positions spread evenly over {@code size} (so over the classes of a balanced selection). */
    private static int[] spreadIndices(int size, int n) {
        int k = Math.min(n, size);
        int[] idx = new int[k];
        for (int i = 0; i < k; i++) {
            idx[i] = i * size / k;
        }
        return idx;
    }

    private static ImageSplit spread(ImageSplit s, int n) {
        return s.select(spreadIndices(s.size(), n));
    }

    /** Writes {@code p} as {@code file} in the output folder and returns the one-line reading for a note. */
    private String profileNote(String file, String what, OpProfile.Result p) {
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve(file), "ND4J op profile of " + what + " (benchmark run of "
                    + java.time.Instant.now() + ")\n" + p.table());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return String.format(Locale.ROOT, "profile (%s, %s): %.0f %% of the wall time inside ND4J ops, largest %s",
                what, file, p.pctInOps(), p.top(4));
    }

    private static String range(Stat s) {
        return String.format(Locale.ROOT, "%.3g (%.3g-%.3g)", s.median(), s.min(), s.max());
    }
}
