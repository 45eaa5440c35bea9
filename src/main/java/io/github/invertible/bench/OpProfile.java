package io.github.invertible.bench;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a piece of work spends its time, by ND4J operation, from ND4J's own op profiler (its per-op timer,
 * {@code ProfilerConfig.checkElapsedTime}); the profile behind a benchmark goal that is not met
 * (docs/DESIGN.md §10). The time outside every op (Java, DL4J's graph bookkeeping, allocation) is the wall
 * time minus the ops' sum. The profiler's own timing adds overhead per op, so shares, not seconds, are read.
 */
public final class OpProfile {
    /** One op's total time and share of all op time. */
    public record Entry(String op, double millis, double pctOfOps) {
    }

    /** Wall time of the work, time inside ND4J ops, and the ops by time (largest first). */
    public record Result(double wallMillis, double opMillis, List<Entry> ops) {
        /** Share of the wall time spent inside ND4J ops, in per cent. */
        public double pctInOps() {
            return 100 * opMillis / wallMillis;
        }

        /** The first {@code n} ops as "name 12 %" (share of the wall time). */
        public String top(int n) {
            List<String> parts = new ArrayList<>();
            for (Entry e : ops.subList(0, Math.min(n, ops.size()))) {
                parts.add(String.format(Locale.ROOT, "%s %.0f %%", e.op(), 100 * e.millis() / wallMillis));
            }
            return String.join(", ", parts);
        }

        /** A plain-text table of every op. */
        public String table() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "wall %.0f ms, inside ND4J ops %.0f ms (%.0f %%)%n", wallMillis, opMillis, pctInOps()));
            for (Entry e : ops) {
                sb.append(String.format(Locale.ROOT, "%-60s %10.0f ms %6.1f %% of wall%n", e.op(), e.millis(),
                        100 * e.millis() / wallMillis));
            }
            return sb.toString();
        }
    }

    private static final Pattern LINE = Pattern.compile("(?m)^(.+?)\\s+>>>\\s+perc: ([0-9.eE+-]+) Time spent: (\\d+) ms");

    private OpProfile() {
    }

    /** Runs {@code work} with every ND4J op timed, then turns the timing off again. */
    public static Result of(Runnable work) {
        clear();
        var mode = Nd4j.getExecutioner().getProfilingMode();
        Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
        long t = System.nanoTime();
        try {
            work.run();
        } finally {
            Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().build());
            Nd4j.getExecutioner().setProfilingMode(mode); // the empty config alone leaves the timer on
        }
        double wall = (System.nanoTime() - t) / 1e6;
        // ND4J formats its aggregate as text only (no accessor for the per-op sums): parse its lines
        String text = OpProfiler.getInstance().getLongAggergator().asPercentageString();
        List<Entry> ops = new ArrayList<>();
        Matcher m = LINE.matcher(text);
        double sum = 0;
        while (m.find()) {
            String name = m.group(1).replaceAll("\\s*\\(-?\\d+\\)$", "").strip();
            double ms = Double.parseDouble(m.group(3));
            if (ms == 0) { // a reset keeps every op seen before at zero; under 1 ms in all is noise here anyway
                continue;
            }
            ops.add(new Entry(name, ms, Double.parseDouble(m.group(2))));
            sum += ms;
        }
        ops.sort((a, b) -> Double.compare(b.millis(), a.millis()));
        clear();
        return new Result(wall, sum, ops);
    }

    /** {@code OpProfiler.reset()} leaves the per-op aggregate as it is: clear that too (to zero times). */
    private static void clear() {
        OpProfiler p = OpProfiler.getInstance();
        p.reset();
        p.getLongAggergator().reset();
        p.getClassAggergator().reset();
    }
}
