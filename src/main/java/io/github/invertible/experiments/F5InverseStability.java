package io.github.invertible.experiments;

import io.github.invertible.common.AtomicFiles;
import io.github.invertible.data.BalancedSelection;
import io.github.invertible.data.Mnist;
import io.github.invertible.inversion.FeatureStageInverter;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.inversion.InverseOptions;
import io.github.invertible.inversion.NetworkInversion;
import io.github.invertible.report.CsvTable;
import io.github.invertible.report.LinePlots;
import io.github.invertible.report.Readable;
import io.github.invertible.report.Table;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * F5 (issue 18): stability of the inverse. For test digits x with top representation y, invert
 * y + ε‖y‖u (u a random unit vector per digit, padded channels dropped, DESIGN §8.3) with the proposed method and
 * measure the amplification ‖x̂(ε) − x‖ / (ε‖y‖), against the bounds of DESIGN §8 (1 for tied, ∏ 1/(1 − C) for
 * lipschitz:C). The worst-case direction (power iteration on (JᵀJ)⁻¹) is not measured yet.
 */
public final class F5InverseStability {
    public static final String CSV = "f5_inverse_stability.csv";
    public static final String PNG = "f5_inverse_stability.png";
    /** Model and its bound on the stage inverse's Lipschitz constant (DESIGN §8): 1, and (1/(1 − 0.9))^6. */
    static final Map<String, Double> MODELS = Map.of("conv-tied", 1.0, "conv-lipschitz-0.9", Math.pow(10, 6));
    static final double[] EPS = {1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1};
    public static final int PER_CLASS = 10;
    static final String[] COLUMNS = {"model", "eps", "direction", "digits", "certified", "median_amplification",
            "max_amplification", "bound"};

    private F5InverseStability() {
    }

    public static void run(Path modelDir, Path out, Mnist mnist) throws IOException {
        int[] indices = BalancedSelection.firstPerClass(mnist.test(), PER_CLASS);
        INDArray x = mnist.test().select(indices).features(true, DataType.DOUBLE);
        int n = (int) x.size(0);
        CsvTable t = new CsvTable(COLUMNS);
        for (String model : List.of("conv-tied", "conv-lipschitz-0.9")) {
            Path zip = modelDir.resolve(model + ".zip");
            if (!Files.isRegularFile(zip)) {
                System.out.println("F5: " + zip + " not found, skipped");
                continue;
            }
            ComputationGraph net = ModelSerializer.restoreComputationGraph(zip.toFile(), false);
            FeatureStageInverter inv = FeatureStageInverter.of(net).dropPaddedChannels(true);
            INDArray y = inv.forward(x, inv.top());
            INDArray yFlat = y.reshape(n, -1);
            INDArray yNorm = yFlat.norm2(1);
            Nd4j.getRandom().setSeed(18);
            INDArray u = Nd4j.randn(DataType.DOUBLE, yFlat.shape());
            u.diviColumnVector(u.norm2(1).reshape(n, 1)); // unit rows
            for (double eps : EPS) {
                INDArray yp = yFlat.add(u.mulColumnVector(yNorm.reshape(n, 1).mul(eps))).reshape(y.shape());
                NetworkInversion r = inv.invert(yp, inv.top(), InverseMethod.PROPOSED, InverseOptions.defaults());
                INDArray dx = r.x().reshape(n, -1).sub(x.reshape(n, -1)).norm2(1);
                double[] amp = new double[n];
                int certified = 0;
                for (int s = 0; s < n; s++) {
                    amp[s] = dx.getDouble(s) / (eps * yNorm.getDouble(s));
                    certified += r.certified(s) ? 1 : 0;
                }
                Arrays.sort(amp);
                t.add(model, eps, "random", n, certified, amp[(n - 1) / 2], amp[n - 1], MODELS.get(model));
                System.out.printf(Locale.ROOT, "F5 %s eps %.0e: amplification median %.3g, max %.3g%n", model, eps,
                        amp[(n - 1) / 2], amp[n - 1]);
            }
        }
        AtomicFiles.write(out.resolve(CSV), t::write);
        Table table = Table.readCsv(out.resolve(CSV));
        AtomicFiles.write(out.resolve(PNG), tmp -> plot(table, tmp));
    }

    /** Measured amplification (max and median over the digits) and the bound, per model, log-log, from the CSV. */
    static void plot(Table t, Path png) throws IOException {
        List<LinePlots.Series> s = new ArrayList<>();
        for (String model : t.column("model").stream().distinct().toList()) {
            Table rows = t.where("model", model);
            double[] eps = numbers(rows, "eps");
            s.add(new LinePlots.Series(model + " max", eps, numbers(rows, "max_amplification"),
                    LinePlots.Style.LINE_AND_MARKERS));
            s.add(new LinePlots.Series(model + " median", eps, numbers(rows, "median_amplification"),
                    LinePlots.Style.DASHED_LINE_AND_MARKERS));
            s.add(new LinePlots.Series(model + " bound (DESIGN 8)", eps, numbers(rows, "bound"), LinePlots.Style.LINE));
        }
        XYChart c = LinePlots.chart("F5: amplification ||x(eps) - x|| / (eps ||y||) of a random perturbation of the "
                + "top representation", "eps (relative size of the perturbation), log", "amplification, log", s);
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        Path written = Path.of(png + ".png"); // XChart appends the suffix
        Files.move(written, png, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static String reading(Table t) {
        StringBuilder sb = new StringBuilder("**Reading.** Largest measured amplification over all digits and "
                + "perturbation sizes: ");
        for (String model : t.column("model").stream().distinct().toList()) {
            Table rows = t.where("model", model);
            double max = Arrays.stream(numbers(rows, "max_amplification")).max().orElse(Double.NaN);
            sb.append(String.format(Locale.ROOT, "%s %s (bound %s); ", model, Readable.number(max),
                    Readable.number(numbers(rows, "bound")[0])));
        }
        return sb.append("a random direction is far from the worst case, but no perturbation of the tied model's "
                + "representation can be amplified (DESIGN §8.1).").toString();
    }

    private static double[] numbers(Table t, String column) {
        return t.column(column).stream().mapToDouble(Double::parseDouble).toArray();
    }
}
