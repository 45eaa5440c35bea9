package io.github.invertible.bench;

import io.github.invertible.common.UserError;
import io.github.invertible.data.ImageSplit;
import io.github.invertible.experiments.NetworkInversionExperiment;
import io.github.invertible.experiments.SampleOutcome;
import io.github.invertible.inversion.FeatureStageInverter;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.inversion.InverseOptions;
import io.github.invertible.model.ConvReluLayer;
import io.github.invertible.model.NetworkFactory;
import io.github.invertible.model.NetworkSpec;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measurements behind the benchmark command: training throughput of a DL4J graph (and of the same network
 * in PyTorch), the graph variants that show what an optimisation is worth, and inversion wall time.
 */
public final class Benchmarks {
    /** Median and spread of repeated measurements. */
    public record Stat(double median, double min, double max, int runs) {
        public static Stat of(List<Double> xs) {
            double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Stat(s[s.length / 2], s[0], s[s.length - 1], s.length);
        }
    }

    /** Inversion of a digit selection by one method, repeated. */
    public record InversionTiming(Stat seconds, int medianIterationsPerUnit, int recovered, int samples) {
    }

    private Benchmarks() {
    }

    /** Samples/s of {@code net.fit} on real batches, after {@code warmup} batches, {@code repeats} times. */
    public static Stat dl4jTraining(ComputationGraph net, boolean imageInput, ImageSplit train, int batch, int warmup,
                                    int batches, int repeats) {
        List<DataSet> data = train.head(batch * (warmup + batches)).toDataSet(imageInput).batchBy(batch);
        for (int i = 0; i < warmup; i++) {
            net.fit(data.get(i));
        }
        List<Double> speeds = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            long t = System.nanoTime();
            for (int i = warmup; i < warmup + batches; i++) {
                net.fit(data.get(i));
            }
            speeds.add(batches * (double) batch / ((System.nanoTime() - t) / 1e9));
        }
        return Stat.of(speeds);
    }

    /** ND4J's op profile of {@code batches} training batches of {@code net}, after 3 untimed ones. */
    public static OpProfile.Result profileTraining(ComputationGraph net, ImageSplit train, int batch, int batches) {
        List<DataSet> data = train.head(batch * (3 + batches)).toDataSet(true).batchBy(batch);
        for (int i = 0; i < 3; i++) {
            net.fit(data.get(i));
        }
        return OpProfile.of(() -> {
            for (int i = 3; i < data.size(); i++) {
                net.fit(data.get(i));
            }
        });
    }

    /**
     * The proposed inverse's work per digit between two readings of {@link FeatureStageInverter#convWork()}:
     * operator applications (two float convolutions each) and double forward passes, summed over the units.
     */
    public static String workPerDigit(Map<String, long[]> before, Map<String, long[]> after, int digits) {
        long ops = 0;
        long dbl = 0;
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            ops += e.getValue()[0] - b[0];
            dbl += e.getValue()[1] - b[1];
        }
        return String.format(java.util.Locale.ROOT, "%.1f operator applications and %.1f double forward passes over "
                + "%d units", ops / (double) digits, dbl / (double) digits, after.size());
    }

    /** The network of {@code spec} with its head convolutions as DL4J's built-in ConvolutionLayer. */
    public static ComputationGraph withBuiltInHeadConvolutions(NetworkSpec spec) {
        ComputationGraphConfiguration conf = NetworkFactory.configuration(spec, g -> {
            for (int i = 1; i <= spec.headConvLayers(); i++) {
                String name = NetworkFactory.HEAD_CONV + i;
                String[] inputs = g.getVertexInputs().get(name).toArray(String[]::new);
                ConvReluLayer ours = (ConvReluLayer) ((LayerVertex) g.getVertices().get(name)).getLayerConf().getLayer();
                g.removeVertex(name, false);
                g.addLayer(name, new ConvolutionLayer.Builder(ours.getKernelSize(), ours.getKernelSize())
                        .nOut(ours.getChannelsOut()).activation(Activation.RELU)
                        .convolutionMode(ConvolutionMode.Same).build(), inputs);
            }
        });
        return init(conf);
    }

    /** The network of {@code spec} without DL4J's workspaces (memory reuse between iterations). */
    public static ComputationGraph withoutWorkspaces(NetworkSpec spec) {
        ComputationGraphConfiguration conf = NetworkFactory.configuration(spec);
        conf.setTrainingWorkspaceMode(WorkspaceMode.NONE);
        conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
        return init(conf);
    }

    private static ComputationGraph init(ComputationGraphConfiguration conf) {
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /** Wall time of inverting {@code selection} from {@code vertex} with {@code method}, {@code repeats} times. */
    public static InversionTiming inversion(FeatureStageInverter inverter, String vertex, boolean imageInput,
                                            ImageSplit selection, int[] indices, InverseMethod method,
                                            InverseOptions options, int chunk, int repeats) {
        NetworkInversionExperiment exp = new NetworkInversionExperiment(inverter, vertex, imageInput, chunk);
        List<Double> seconds = new ArrayList<>();
        NetworkInversionExperiment.MethodRun last = null;
        for (int r = 0; r < repeats; r++) {
            System.gc(); // start each repeat without the previous one's off-heap garbage
            last = exp.run(selection, indices, method, options);
            seconds.add(last.seconds());
        }
        int[] iters = last.samples().stream().flatMapToInt(s -> Arrays.stream(s.unitIters())).sorted().toArray();
        int recovered = (int) last.samples().stream().filter(SampleOutcome::certified).count();
        return new InversionTiming(Stat.of(seconds), iters.length == 0 ? 0 : iters[(iters.length - 1) / 2], recovered,
                last.samples().size());
    }

    /**
     * Seconds of DL4J's float forward pass of {@code selection} through {@code net} up to {@code vertex} (the
     * feature stage when it is the stage's top), in chunks of {@code chunk} as the inversion takes them; median of
     * {@code repeats} after one untimed pass. B3's unit: the inverse's time is stated as a multiple of this.
     */
    public static Stat forward(ComputationGraph net, String vertex, ImageSplit selection, int chunk, int repeats) {
        int till = net.getVertex(vertex).getVertexIndex();
        List<INDArray> chunks = new ArrayList<>();
        for (int from = 0; from < selection.size(); from += chunk) {
            int[] idx = java.util.stream.IntStream.range(from, Math.min(selection.size(), from + chunk)).toArray();
            chunks.add(selection.select(idx).features(true, DataType.FLOAT));
        }
        List<Double> seconds = new ArrayList<>();
        for (int r = -1; r < repeats; r++) {
            long t = System.nanoTime();
            for (INDArray x : chunks) {
                INDArray h = net.feedForward(x, till, false).get(vertex);
                if (h == null) {
                    throw new IllegalStateException("DL4J's forward pass did not reach " + vertex);
                }
            }
            if (r >= 0) {
                seconds.add((System.nanoTime() - t) / 1e9);
            }
        }
        return Stat.of(seconds);
    }

    /** The constraints the PyTorch reference script implements (its --constraint choices). */
    static final List<String> PYTORCH_CONSTRAINTS = List.of("tied", "none");

    /**
     * The PyTorch reference script, run {@code repeats} times with Debian's python3-torch.
     *
     * @throws IllegalStateException naming what is missing when PyTorch cannot run
     */
    public static Stat pytorchTraining(Path script, Path dataDir, NetworkSpec spec, int batch, int warmup, int batches,
                                       int repeats) throws IOException, InterruptedException {
        String constraint = spec.constraint().toString();
        if (!PYTORCH_CONSTRAINTS.contains(constraint)) { // said, never mapped to another network
            throw new UserError("the PyTorch baseline implements the constraints " + String.join(" and ",
                    PYTORCH_CONSTRAINTS) + " only, not " + constraint + " (benchmark a tied or none network, or pass "
                    + "--skip-pytorch)");
        }
        List<Double> speeds = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            List<String> cmd = new ArrayList<>(Arrays.asList("/usr/bin/python3", script.toString(),
                    "--data", dataDir.toString(), "--units", Integer.toString(spec.unitsPerStage()),
                    "--c1", Integer.toString(spec.convWidth1()), "--k1", Integer.toString(spec.hidden1()),
                    "--k2", Integer.toString(spec.hidden2()), "--head-conv", Integer.toString(spec.headConv()),
                    "--head-conv-layers", Integer.toString(spec.headConvLayers()),
                    "--head", Integer.toString(spec.headWidth()), "--dropout", Double.toString(spec.headDropout()),
                    "--constraint", constraint, "--batch", Integer.toString(batch),
                    "--threads", "2", "--warmup", Integer.toString(warmup), "--batches", Integer.toString(batches)));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.put("OMP_NUM_THREADS", "2");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("the PyTorch baseline did not run (" + out.strip().lines()
                        .reduce((a, b) -> b).orElse("no output") + "); it needs Debian's packages: "
                        + "apt-get install python3-torch libopenblas0-pthread");
            }
            Matcher m = Pattern.compile("\"samples_per_s\": ([0-9.eE+-]+)").matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("unexpected PyTorch baseline output: " + out.strip());
            }
            speeds.add(Double.parseDouble(m.group(1)));
        }
        return Stat.of(speeds);
    }
}
