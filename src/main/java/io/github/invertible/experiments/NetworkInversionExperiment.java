package io.github.invertible.experiments;

import io.github.invertible.data.ImageSplit;
import io.github.invertible.inversion.FeatureStageInverter;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.inversion.InverseOptions;
import io.github.invertible.inversion.NetworkInversion;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Experiments F3/T1: push test digits through the feature stage up to a hidden vertex, invert them back
 * with one method, and measure how exactly each digit comes back.
 */
public final class NetworkInversionExperiment {
    private final FeatureStageInverter inverter;
    private final String vertex;
    private final boolean imageInput;
    private final int chunk;

    /**
     * @param chunk samples inverted per call (progress granularity; also bounds memory)
     */
    public NetworkInversionExperiment(FeatureStageInverter inverter, String vertex, boolean imageInput, int chunk) {
        this.inverter = inverter;
        this.vertex = vertex;
        this.imageInput = imageInput;
        this.chunk = chunk;
    }

    /**
     * Result of one method over the whole selection; {@code seconds} is the wall time of the inverse alone
     * (the forward passes that produce the hidden representations, and the error bookkeeping, are not counted).
     */
    public record MethodRun(InverseMethod method, List<SampleOutcome> samples, double seconds) {
        public double samplesPerSecond() {
            return samples.size() / seconds;
        }
    }

    public MethodRun run(ImageSplit selection, int[] testIndices, InverseMethod method, InverseOptions options) {
        List<SampleOutcome> out = new ArrayList<>();
        long inverting = 0;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("invert " + method.name().toLowerCase())
                .setInitialMax(selection.size()).setStyle(ProgressBarStyle.ASCII).setUnit(" digits", 1)
                .setUpdateIntervalMillis(1000).setMaxRenderedLength(100).build()) {
            for (int from = 0; from < selection.size(); from += chunk) {
                int to = Math.min(selection.size(), from + chunk);
                int[] idx = new int[to - from];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = from + i;
                }
                ImageSplit part = selection.select(idx);
                INDArray x = part.features(imageInput, DataType.DOUBLE);
                INDArray hidden = inverter.forward(x, vertex);
                long start = System.nanoTime();
                NetworkInversion inv = inverter.invert(hidden, vertex, method, options);
                inverting += System.nanoTime() - start;
                INDArray xs = x.reshape(x.size(0), -1);
                INDArray rs = inv.x().reshape(x.size(0), -1);
                for (int i = 0; i < idx.length; i++) {
                    INDArray xi = xs.getRow(i);
                    double err = 100 * rs.getRow(i).sub(xi).norm2Number().doubleValue() / xi.norm2Number().doubleValue();
                    out.add(new SampleOutcome(testIndices[from + i], part.label(i), err, inv.certified(i),
                            inv.unitIterations(i, inverter.unitNames()), inv.failure()[i],
                            rs.getRow(i).toDoubleVector()));
                }
                bar.stepBy(idx.length);
            }
        }
        return new MethodRun(method, out, inverting / 1e9);
    }
}
