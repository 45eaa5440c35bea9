package io.github.invertible.bench;

import io.github.invertible.bench.Benchmarks.Stat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine's float matrix-multiply throughput and memory bandwidth, the ceilings of B1's efficiency and roofline
 * (docs/DESIGN.md §10.1): an n×n×n {@code sgemm} (2n³ operations) through ND4J's BLAS call (OpenBLAS) and through
 * ND4J's matmul op (oneDNN's kernel where its helper takes it), and STREAM's add kernel, timed in a child JVM.
 *
 * <p>A child process because OpenBLAS chooses its kernels once, when it loads, from the CPU and from the
 * environment: {@code OPENBLAS_CORETYPE} (set on some machines, e.g. to Haswell) forces a kernel family.
 * {@link #measure(int, int, boolean)} runs the child with those variables removed (OpenBLAS's own choice) or
 * inherited (what this process's training runs with). {@code OPENBLAS_VERBOSE=2} makes OpenBLAS name the
 * kernel it chose, which the child passes on.
 */
public final class GemmPeak {
    /** Variables that override OpenBLAS's own kernel and cache choice. */
    public static final List<String> OPENBLAS_OVERRIDES = List.of("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE");

    /** One route's throughput. */
    public record Route(String name, Stat gflops) {
    }

    /** A child's measurement: the OpenBLAS kernel it loaded, the environment it ran with and each route. */
    public record Result(String openBlasCore, String environment, List<Route> routes, Stat bandwidthGBs) {
        /** The fastest route. */
        public Route best() {
            return routes.stream().max((a, b) -> Double.compare(a.gflops().median(), b.gflops().median()))
                    .orElseThrow();
        }
    }

    private GemmPeak() {
    }

    /**
     * Child entry point: {@code GemmPeak N REPEATS}. Prints one line {@code ROUTE name|median|min|max|runs} per route
     * and one {@code BANDWIDTH|median|min|max|runs}.
     */
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int repeats = Integer.parseInt(args[1]);
        Nd4j.getRandom().setSeed(1);
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.zeros(DataType.FLOAT, n, n);
        print("ROUTE ND4J gemm (OpenBLAS sgemm)", time(n, repeats, x -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0)));
        print("ROUTE ND4J matmul op (oneDNN where it applies)", time(n, repeats,
                x -> Nd4j.exec(new Mmul(a, b, c, null))));
        print("BANDWIDTH", bandwidth(repeats));
        System.out.flush();
    }

    private static Stat time(int n, int repeats, Consumer<Void> gemm) {
        for (int i = 0; i < 2; i++) { // warm-up: thread pools, page faults of the output
            gemm.accept(null);
        }
        List<Double> gflops = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            long t = System.nanoTime();
            gemm.accept(null);
            gflops.add(2.0 * n * n * (double) n / (System.nanoTime() - t));
        }
        return Stat.of(gflops);
    }

    /**
     * Memory bandwidth in GB/s, STREAM's "add" kernel c = a + b through ND4J (its elementwise op, on every core)
     * on three float arrays of 2^25 elements (128 MB each, far beyond the caches): 12 bytes move per element.
     * Hand-written because no Java library measures it; the kernel is STREAM's, not a new benchmark.
     */
    static Stat bandwidth(int repeats) {
        long n = 1L << 25;
        INDArray a = Nd4j.rand(DataType.FLOAT, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n);
        INDArray c = Nd4j.zeros(DataType.FLOAT, n);
        for (int i = 0; i < 2; i++) {
            Nd4j.exec(new AddOp(a, b, c));
        }
        List<Double> gbs = new ArrayList<>();
        for (int r = 0; r < Math.max(repeats, 5); r++) {
            long t = System.nanoTime();
            Nd4j.exec(new AddOp(a, b, c));
            gbs.add(12.0 * n / (System.nanoTime() - t));
        }
        return Stat.of(gbs);
    }

    /** One line {@code TAG|median|min|max|runs}, read back by {@link #stat}. */
    private static void print(String tag, Stat s) {
        System.out.printf(Locale.ROOT, "%s|%.6g|%.6g|%.6g|%d%n", tag, s.median(), s.min(), s.max(), s.runs());
    }

    /** The statistic a {@link #print} line carries, from the matcher's four groups starting at {@code first}. */
    private static Stat stat(Matcher m, int first) {
        return new Stat(Double.parseDouble(m.group(first)), Double.parseDouble(m.group(first + 1)),
                Double.parseDouble(m.group(first + 2)), Integer.parseInt(m.group(first + 3)));
    }

    /**
     * Runs the child: {@code n}×{@code n} matrices, {@code repeats} timed products per route, with the OpenBLAS
     * overrides removed from its environment when {@code ownKernelChoice}.
     *
     * @throws IllegalStateException when the child fails or prints nothing usable
     */
    public static Result measure(int n, int repeats, boolean ownKernelChoice) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(ChildRun.javaCommand(List.of("-Xmx1g"), GemmPeak.class,
                List.of(Integer.toString(n), Integer.toString(repeats)))).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        String seen = OPENBLAS_OVERRIDES.stream().map(k -> k + "=" + System.getenv().getOrDefault(k, "unset"))
                .reduce((x, y) -> x + " " + y).orElse("");
        if (ownKernelChoice) {
            OPENBLAS_OVERRIDES.forEach(env::remove);
        }
        env.put("OPENBLAS_VERBOSE", "2");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("the GEMM child process failed: "
                    + out.strip().lines().reduce((x, y) -> y).orElse("no output"));
        }
        List<Route> routes = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^ROUTE (.*)\\|(.*)\\|(.*)\\|(.*)\\|(.*)$").matcher(out);
        while (m.find()) {
            routes.add(new Route(m.group(1), stat(m, 2)));
        }
        if (routes.isEmpty()) {
            throw new IllegalStateException("the GEMM child process printed no timing: " + out.strip());
        }
        Matcher core = Pattern.compile("Core: *(\\S+)").matcher(out);
        Matcher bw = Pattern.compile("(?m)^BANDWIDTH\\|(.*)\\|(.*)\\|(.*)\\|(.*)$").matcher(out);
        if (!bw.find()) {
            throw new IllegalStateException("the GEMM child process printed no bandwidth: " + out.strip());
        }
        return new Result(core.find() ? core.group(1) : "not reported",
                ownKernelChoice ? "unset (was " + seen + ")" : seen, routes, stat(bw, 1));
    }
}
