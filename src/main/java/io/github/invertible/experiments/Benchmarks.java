package io.github.invertible.experiments;

import io.github.invertible.data.MnistSplit;
import io.github.invertible.model.NetworkFactory;
import io.github.invertible.model.NetworkSpec;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** B1: training throughput of the default network here and of the same network in PyTorch. */
public final class Benchmarks {
    /** Median and spread of repeated measurements. */
    public record Stat(double median, double min, double max, int runs) {
        static Stat of(List<Double> xs) {
            double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Stat(s[s.length / 2], s[0], s[s.length - 1], s.length);
        }
    }

    private Benchmarks() {
    }

    /** Samples/s of {@code net.fit} on real batches, after {@code warmup} batches, {@code repeats} times. */
    public static Stat dl4jTraining(NetworkSpec spec, MnistSplit train, int batch, int warmup, int batches, int repeats) {
        ComputationGraph net = NetworkFactory.build(spec);
        List<DataSet> data = train.head(batch * (warmup + batches)).toDataSet(spec.arch() != NetworkSpec.Arch.DENSE)
                .batchBy(batch);
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

    /**
     * The PyTorch reference script, run {@code repeats} times with Debian's python3-torch.
     *
     * @throws IllegalStateException naming what is missing when PyTorch cannot run
     */
    public static Stat pytorchTraining(Path script, Path dataDir, NetworkSpec spec, int batch, int warmup, int batches,
                                       int repeats) throws IOException, InterruptedException {
        List<Double> speeds = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            List<String> cmd = new ArrayList<>(Arrays.asList("/usr/bin/python3", script.toString(),
                    "--data", dataDir.toString(), "--units", Integer.toString(spec.unitsPerStage()),
                    "--c1", Integer.toString(spec.convWidth1()), "--k1", Integer.toString(spec.hidden1()),
                    "--k2", Integer.toString(spec.hidden2()), "--head-conv", Integer.toString(spec.headConv()),
                    "--head-conv-layers", Integer.toString(spec.headConvLayers()), "--head", Integer.toString(spec.headWidth()),
                    "--dropout", Double.toString(spec.headDropout()),
                    "--constraint", spec.constraint().isTied() ? "tied" : "none", "--batch", Integer.toString(batch),
                    "--threads", "2", "--warmup", Integer.toString(warmup), "--batches", Integer.toString(batches)));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
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
