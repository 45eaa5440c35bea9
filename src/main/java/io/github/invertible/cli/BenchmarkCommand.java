package io.github.invertible.cli;

import io.github.invertible.common.Json;
import io.github.invertible.common.RunEnvironment;
import io.github.invertible.data.Mnist;
import io.github.invertible.experiments.Benchmarks;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.report.CsvTable;
import io.github.invertible.report.Table;
import io.github.invertible.training.EpochRecord;
import io.github.invertible.training.ModelMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code mvn exec:java -Dbenchmark}: B1 training throughput against PyTorch (measured now, same machine,
 * same run), B2 time to 99.5 %, B3 inversion speed and B4 peak memory (read from the runs that made the
 * shipped model and T1).
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Benchmarks B1-B4; writes benchmarks.csv and benchmarks.md and prints the table.")
public final class BenchmarkCommand implements Callable<Integer> {
    @Option(names = "--batches", defaultValue = "50", description = "Timed batches per repeat (default ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--repeats", defaultValue = "3", description = "Repeats; the median is reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", defaultValue = "20", description = "Untimed warm-up batches (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--model", defaultValue = "conv-tied", description = "Reference model for B2/B3 (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--model-dir", defaultValue = "model", description = "Model folder (default ${DEFAULT-VALUE}).")
    Path modelDir;

    @Option(names = "--out", defaultValue = "notebooks-export", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--pytorch-script", defaultValue = "src/bench/pytorch_reference.py",
            description = "The PyTorch baseline (default ${DEFAULT-VALUE}).")
    Path script;

    @Override
    public Integer call() throws Exception {
        NetworkSpec spec = NetworkSpec.defaults();
        Mnist mnist = Mnist.loadDefault();
        CsvTable t = new CsvTable("benchmark", "ours", "baseline", "ratio", "unit", "notes");

        System.out.println("B1: DL4J training throughput ...");
        Benchmarks.Stat ours = Benchmarks.dl4jTraining(io.github.invertible.model.NetworkFactory.build(spec), true, mnist.train(), batch, warmup, batches, repeats);
        long trainPeak = RunEnvironment.peakResidentMiB();
        System.out.println("B1: PyTorch training throughput ...");
        Benchmarks.Stat torch = Benchmarks.pytorchTraining(script, Mnist.DEFAULT_DIR, spec, batch, warmup, batches, repeats);
        t.add("B1 training throughput", ours.median(), torch.median(), ours.median() / torch.median(), "samples/s",
                String.format(Locale.ROOT, "default network; float32; batch %d; 2 threads; median of %d x %d batches; "
                                + "DL4J %.0f-%.0f; PyTorch %.0f-%.0f", batch, repeats, batches, ours.min(), ours.max(),
                        torch.min(), torch.max()));

        Path meta = modelDir.resolve(model + ".json");
        if (Files.isRegularFile(meta)) {
            ModelMetadata m = Json.read(meta, ModelMetadata.class);
            double seconds = 0;
            Double reached = null;
            for (EpochRecord e : m.history()) {
                seconds += e.seconds();
                if (reached == null && e.testAccuracyPct() >= 99.5) {
                    reached = seconds / 60;
                }
            }
            t.add("B2 time to 99.5 % test accuracy", reached, null, null, "minutes", reached != null
                    ? "from " + meta.getFileName() + " (training wall time summed over epochs)"
                    : String.format(Locale.ROOT, "not reached: best %.2f %% after %d epochs; %.1f min (%s)",
                    m.history().stream().mapToDouble(EpochRecord::testAccuracyPct).max().orElse(0), m.epochs(),
                    m.trainMinutes(), meta.getFileName()));
            t.add("B4 peak memory, training (shipped model's run)", (double) peakOf(m.environment()), null, null, "MiB",
                    "VmHWM of the training JVM");
        }
        Path run = out.resolve("t1_run_" + model + ".json");
        Path t1 = out.resolve("t1_relative_error.csv");
        if (Files.isRegularFile(run) && Files.isRegularFile(t1)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> rec = Json.read(run, Map.class);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Number>> timing = (Map<String, Map<String, Number>>) rec.get("timing");
            Table rows = Table.readCsv(t1).where("model", model).where("class", "all");
            Double proposed = seconds(timing, "proposed");
            Double existing = seconds(timing, "existing");
            t.add("B3 inversion of the T1 digits, proposed", proposed, existing,
                    proposed != null && existing != null ? proposed / existing : null, "seconds",
                    "baseline = existing method; median iterations per unit " + iters(rows, "proposed")
                            + " vs " + iters(rows, "existing"));
            @SuppressWarnings("unchecked")
            Map<String, Object> env = (Map<String, Object>) rec.get("environment");
            t.add("B4 peak memory, inversion (T1 run)", (double) peakOf(env), null, null, "MiB", "VmHWM of the invert JVM");
        }
        t.add("B4 peak memory, this benchmark's DL4J training", (double) trainPeak, null, null, "MiB",
                "VmHWM after B1");

        Files.createDirectories(out);
        t.write(out.resolve("benchmarks.csv"));
        String md = "# Benchmarks\n\nMachine: " + RunEnvironment.describe() + "\n\n"
                + Table.readCsv(out.resolve("benchmarks.csv")).toMarkdown();
        Files.writeString(out.resolve("benchmarks.md"), md);
        System.out.println(md);
        return 0;
    }

    private static long peakOf(Map<String, Object> env) {
        Object v = env == null ? null : env.get("peakResidentMiB");
        return v instanceof Number n ? n.longValue() : -1;
    }

    private static Double seconds(Map<String, Map<String, Number>> timing, String method) {
        Map<String, Number> m = timing == null ? null : timing.get(method);
        return m == null ? null : m.get("seconds").doubleValue();
    }

    private static String iters(Table rows, String method) {
        List<String> r = rows.where("method", method).column("median_iters");
        return r.isEmpty() ? "?" : r.get(0);
    }
}
