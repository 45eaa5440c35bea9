package io.github.invertible.bench;

import io.github.invertible.model.FlopCount;
import io.github.invertible.report.CsvTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * B1's ceiling as a roofline (docs/DESIGN.md §10.1): a layer of arithmetic intensity I (training operations per byte
 * it must move, {@link FlopCount.LayerWork}) cannot run faster than min(peak, bandwidth × I), with the peak the
 * machine's best float GEMM and the bandwidth STREAM's add kernel, both measured in the same run ({@link GemmPeak}).
 * The training step's roofline is the time of every layer at its own ceiling; achieved / roofline is the step's
 * measured time against it.
 */
public final class Roofline {
    /** One layer under the roofline. */
    public record Layer(String name, double flops, double bytes, double ceilingGflops, boolean memoryBound) {
        /** Operations per byte moved. */
        public double intensity() {
            return flops / bytes;
        }

        /** Seconds per image at the layer's ceiling. */
        public double seconds() {
            return flops / (ceilingGflops * 1e9);
        }
    }

    private final List<Layer> layers;

    private Roofline(List<Layer> layers) {
        this.layers = layers;
    }

    /** The roofline of {@code count}'s layers for batches of {@code batch} images. */
    public static Roofline of(FlopCount count, int batch, double peakGflops, double bandwidthGBs) {
        List<Layer> out = new ArrayList<>();
        for (Map.Entry<String, FlopCount.LayerWork> e : count.workByLayer().entrySet()) {
            double flops = e.getValue().trainingFlops();
            double bytes = e.getValue().trainingBytes(batch);
            double memoryCeiling = bandwidthGBs * flops / bytes;
            out.add(new Layer(e.getKey(), flops, bytes, Math.min(peakGflops, memoryCeiling),
                    memoryCeiling < peakGflops));
        }
        return new Roofline(out);
    }

    public List<Layer> layers() {
        return List.copyOf(layers);
    }

    /** Training operations per image over all layers with products. */
    public double flops() {
        return layers.stream().mapToDouble(Layer::flops).sum();
    }

    /** Seconds per training image with every layer at its ceiling. */
    public double seconds() {
        return layers.stream().mapToDouble(Layer::seconds).sum();
    }

    /** The step's ceiling in GFLOP/s: its operations over {@link #seconds()}. */
    public double ceilingGflops() {
        return flops() / seconds() / 1e9;
    }

    /** The layers as a table: operations and bytes per image, intensity, ceiling and what bounds it. */
    public CsvTable table() {
        CsvTable t = new CsvTable("layer", "training_mflop_per_image", "training_mbytes_per_image",
                "intensity_flop_per_byte", "ceiling_gflops", "bound_by", "share_of_roofline_time");
        double total = seconds();
        for (Layer l : layers) {
            t.add(l.name(), l.flops() / 1e6, l.bytes() / 1e6, l.intensity(), l.ceilingGflops(),
                    l.memoryBound() ? "memory" : "compute", l.seconds() / total);
        }
        return t;
    }
}
