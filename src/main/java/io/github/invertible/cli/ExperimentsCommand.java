package io.github.invertible.cli;

import io.github.invertible.common.OutputFolders;
import io.github.invertible.experiments.F1RltInvertibility;
import io.github.invertible.experiments.F2ResidualInvertibility;
import io.github.invertible.inversion.InverseMethod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Runs experiments F1 (RLT invertibility) and F2 (residual-unit inverses) and writes CSV, PNG and metadata. */
@Command(name = "experiments", mixinStandardHelpOptions = true,
        description = "Experiments F1 and F2: CSV tables, PNG plots and f1_f2_run.json in the output directory.")
public final class ExperimentsCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "notebooks-export", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "20261126", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--cases", defaultValue = "500", description = "Random cases per point (default ${DEFAULT-VALUE}).")
    int cases;

    @Override
    public Integer call() throws Exception {
        Ranges.atLeast("--cases", cases, 1);
        OutputFolders.requireWritable(out, "--out");
        Instant started = Instant.now();
        long t0 = System.nanoTime();

        F1RltInvertibility f1 = new F1RltInvertibility(seed, cases);
        List<F1RltInvertibility.Point> p1 = new ArrayList<>();
        p1.addAll(f1.run(20, 2, 4));
        p1.addAll(f1.run(50, 5, 4));
        double f1Seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "F1: %d points in %.1f s%n", p1.size(), f1Seconds);

        long t1 = System.nanoTime();
        F2ResidualInvertibility f2 = new F2ResidualInvertibility(seed, cases);
        List<F2ResidualInvertibility.Point> p2 = new ArrayList<>();
        p2.addAll(f2.run(10, 10, F2ResidualInvertibility.DEFAULT_BOUNDS));
        p2.addAll(f2.run(20, 20, F2ResidualInvertibility.DEFAULT_BOUNDS));
        // written only once both experiments ran: a failure leaves the previous results as they were
        F1RltInvertibility.table(p1).write(out.resolve(F1RltInvertibility.CSV));
        F1RltInvertibility.plot(p1, out.resolve(F1RltInvertibility.PNG));
        F2ResidualInvertibility.table(p2).write(out.resolve(F2ResidualInvertibility.CSV));
        F2ResidualInvertibility.iterationTable(p2).write(out.resolve(F2ResidualInvertibility.ITERATIONS_CSV));
        F2ResidualInvertibility.outcomeTable(p2).write(out.resolve(F2ResidualInvertibility.OUTCOMES_CSV));
        F2ResidualInvertibility.plot(p2, out.resolve(F2ResidualInvertibility.PNG));
        double f2Seconds = (System.nanoTime() - t1) / 1e9;
        for (F2ResidualInvertibility.Point p : p2) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "F2 n=%d k=%d L=%.2f", p.n(), p.k(),
                    p.bound()));
            StringBuilder iterations = new StringBuilder();
            for (InverseMethod m : InverseMethod.values()) { // every registered method, in registry order
                line.append(String.format(Locale.ROOT, " %s %.1f%%", m.column(), p.pct(m)));
                iterations.append(iterations.length() == 0 ? "" : "/").append(p.medianIterations()[m.ordinal()]);
            }
            System.out.printf(Locale.ROOT, "%s truly %s | median iterations %s%n", line,
                    p.trulyInvertiblePct() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", p.trulyInvertiblePct()),
                    iterations);
        }
        System.out.printf(Locale.ROOT, "F2: %d points in %.1f s%n", p2.size(), f2Seconds);

        double total = (System.nanoTime() - t0) / 1e9;
        String json = String.format(Locale.ROOT, """
                {
                  "experiments": ["F1", "F2"],
                  "seed": %d,
                  "cases_per_point": %d,
                  "timestamp": "%s",
                  "duration_seconds": {"f1": %.2f, "f2": %.2f, "total": %.2f},
                  "machine": {"os_arch": "%s", "os_name": "%s", "available_processors": %d, "java_version": "%s"},
                  "outputs": [%s,
                              %s]
                }
                """, seed, cases, started, f1Seconds, f2Seconds, total, System.getProperty("os.arch"),
                System.getProperty("os.name"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                quoted(F1RltInvertibility.CSV, F1RltInvertibility.PNG, F2ResidualInvertibility.CSV),
                quoted(F2ResidualInvertibility.ITERATIONS_CSV, F2ResidualInvertibility.OUTCOMES_CSV,
                        F2ResidualInvertibility.PNG));
        Files.writeString(out.resolve("f1_f2_run.json"), json, StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "F1+F2 written to %s in %.1f s%n", out.toAbsolutePath(), total);
        return 0;
    }

    /** The file names as JSON strings, comma-separated. */
    private static String quoted(String... names) {
        return String.join(", ", java.util.Arrays.stream(names).map(n -> "\"" + n + "\"").toList());
    }
}
