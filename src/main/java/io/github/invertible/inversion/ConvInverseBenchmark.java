package io.github.invertible.inversion;

import io.github.invertible.inversion.linalg.ConvOperatorNorm;
import io.github.invertible.inversion.piece.ConvResidualMap;
import io.github.invertible.inversion.piece.SpaceToDepthInverse;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Wall-clock benchmark of the convolutional residual-unit inverses (not a test). Builds the default
 * feature stage's unit sizes: 3 × (C=8, K=32) at 14×14, then space-to-depth, 3 × (C=32, K=64) at 7×7,
 * random 3×3 kernels in two variants — {@code tied} (W2 = α·adjoint(W1), ‖W2‖‖W1‖ = 3) and
 * {@code lipschitz} (‖W2‖‖W1‖ = 0.9) — pushes N uniform [0,1) inputs through them, then inverts every
 * unit from its true output with each method, mixed precision and (optionally, on fewer samples) the
 * all-double reference path.
 *
 * <pre>java -cp ... io.github.invertible.inversion.ConvInverseBenchmark [--samples 1000] [--legacy-samples 100]
 *      [--chunk 200] [--chunks 100,200,500] [--variants tied,lipschitz] [--methods PROPOSED,...] [--seed 1]</pre>
 */
public final class ConvInverseBenchmark {

    private ConvInverseBenchmark() {
    }

    private static INDArray gaussian(Random rnd, long... shape) {
        double[] v = new double[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextGaussian();
        }
        return Nd4j.createFromArray(v).reshape(shape);
    }

    /** A random unit at the given image size, tied or with ‖W2‖‖W1‖ = lipschitz. */
    static ConvResidualMap unit(Random rnd, int c, int k, int hw, boolean tied, double bound) {
        INDArray w1 = gaussian(rnd, k, c, 3, 3);
        INDArray b1 = gaussian(rnd, k).muli(0.1);
        INDArray b2 = gaussian(rnd, c).muli(0.1);
        double n1 = ConvOperatorNorm.spectralNorm(w1, hw, hw, 1e-7, 2000, rnd.nextLong());
        if (tied) {
            // ‖α·adjoint(W1)‖‖W1‖ = α‖W1‖²
            INDArray w1s = w1.div(n1);
            return ConvResidualMap.tied(w1s, b1, bound, b2);
        }
        INDArray w2 = gaussian(rnd, c, k, 3, 3);
        double n2 = ConvOperatorNorm.spectralNorm(w2, hw, hw, 1e-7, 2000, rnd.nextLong());
        double s = Math.sqrt(bound);
        return new ConvResidualMap(w1.div(n1).muli(s), b1, w2.div(n2).muli(s), b2);
    }

    private record Row(String variant, String method, String path, int chunk, int samples, double seconds,
                       int medianIterations, int[] recovered, double maxResidual, double maxError) {
        Row withVariant(String v) {
            return new Row(v, method, path, chunk, samples, seconds, medianIterations, recovered, maxResidual, maxError);
        }

        String format() {
            int total = Arrays.stream(recovered).sum();
            return String.format(Locale.ROOT, "%-9s %-14s %-6s %5d %6d %9.2f %9.1f %6d %8s %9.1e %9.1e",
                    variant, method, path, chunk, samples, seconds, samples / seconds, medianIterations,
                    total + "/" + samples * recovered.length, maxResidual, maxError)
                    + "  per unit " + Arrays.toString(recovered);
        }
    }

    public static void main(String[] args) {
        int samples = 1000;
        int legacySamples = 100;
        int chunk = ConvResidualInverter.DEFAULT_CHUNK_SIZE;
        int[] chunkSweep = new int[0];
        List<String> variants = List.of("tied", "lipschitz");
        List<InverseMethod> methods = List.of(InverseMethod.values());
        long seed = 1;
        double tiedBound = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--legacy-samples" -> legacySamples = Integer.parseInt(args[++i]);
                case "--chunk" -> chunk = Integer.parseInt(args[++i]);
                case "--chunks" -> chunkSweep = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--variants" -> variants = List.of(args[++i].split(","));
                case "--methods" -> methods = Arrays.stream(args[++i].split(",")).map(InverseMethod::valueOf).toList();
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--tied-bound" -> tiedBound = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf(Locale.ROOT, "conv inverse benchmark: %d samples (all-double path on %d), chunk %d, seed %d, "
                        + "OMP threads %s, backend %s%n", samples, legacySamples, chunk, seed,
                System.getenv("OMP_NUM_THREADS"), Nd4j.getBackend().getClass().getSimpleName());
        System.out.println("variant   method         path   chunk      N   wall[s] samples/s  medIt recovered  maxResid  maxRelErr");
        InverseOptions o = InverseOptions.defaults();
        for (String variant : variants) {
            Random rnd = new Random(seed);
            boolean tied = variant.equals("tied");
            double bound = tied ? tiedBound : 0.9;
            List<ConvResidualMap> units = new ArrayList<>();
            for (int u = 0; u < 3; u++) {
                units.add(unit(rnd, 8, 32, 14, tied, bound));
            }
            for (int u = 0; u < 3; u++) {
                units.add(unit(rnd, 32, 64, 7, tied, bound));
            }
            // forward: inputs and outputs of every unit
            INDArray x = Nd4j.rand(DataType.DOUBLE, samples, 8, 14, 14);
            List<INDArray> ins = new ArrayList<>();
            List<INDArray> outs = new ArrayList<>();
            for (int u = 0; u < 6; u++) {
                if (u == 3) {
                    x = SpaceToDepthInverse.forward(x, 2);
                }
                ins.add(x);
                x = units.get(u).forward(x);
                outs.add(x);
            }
            // warm-up (JIT, native primitives for every shape) on one chunk per method
            for (InverseMethod m : methods) {
                run(units, ins, outs, Math.min(samples, chunk), m, true, chunk, o);
            }
            for (InverseMethod m : methods) {
                if (legacySamples > 0) {
                    System.out.println(run(units, ins, outs, Math.min(legacySamples, samples), m, false, chunk, o)
                            .withVariant(variant).format());
                }
                System.out.println(run(units, ins, outs, samples, m, true, chunk, o).withVariant(variant).format());
                for (int c : chunkSweep) {
                    if (c != chunk) {
                        System.out.println(run(units, ins, outs, samples, m, true, c, o).withVariant(variant).format());
                    }
                }
            }
        }
    }

    private static Row run(List<ConvResidualMap> units, List<INDArray> ins, List<INDArray> outs, int n,
                           InverseMethod method, boolean mixed, int chunk, InverseOptions o) {
        int[] recovered = new int[units.size()];
        List<Integer> its = new ArrayList<>();
        double maxRes = 0;
        double maxErr = 0;
        System.gc(); // release the previous run's off-heap arrays before timing
        long t0 = System.nanoTime();
        for (int u = 0; u < units.size(); u++) {
            INDArray y = head(outs.get(u), n);
            ConvResidualInverter inv = new ConvResidualInverter(units.get(u)).mixedPrecision(mixed).chunkSize(chunk);
            BatchInversion r = inv.invert(y, method, o);
            recovered[u] = r.recoveredCount();
            for (int it : r.iterations()) {
                its.add(it);
            }
            maxRes = Math.max(maxRes, r.maxResidual());
            INDArray truth = head(ins.get(u), n).reshape(n, -1);
            double[] e = r.x().reshape(n, -1).sub(truth).norm2(1).toDoubleVector();
            double[] nt = truth.norm2(1).toDoubleVector();
            for (int i = 0; i < n; i++) {
                if (r.recovered(i)) {
                    maxErr = Math.max(maxErr, e[i] / nt[i]);
                }
            }
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        int[] sorted = its.stream().mapToInt(Integer::intValue).sorted().toArray();
        return new Row("", method.name(), mixed ? "mixed" : "double", chunk, n, sec, sorted[(sorted.length - 1) / 2],
                recovered, maxRes, maxErr);
    }

    private static INDArray head(INDArray a, int n) {
        return n == a.size(0) ? a : a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('c');
    }
}
