package io.github.invertible.experiments;

import io.github.invertible.common.AtomicFiles;
import io.github.invertible.data.BalancedSelection;
import io.github.invertible.data.ImageDataset;
import io.github.invertible.inversion.FeatureStageInverter;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.inversion.InverseOptions;
import io.github.invertible.inversion.NetworkInversion;
import io.github.invertible.references.ReferenceModels;
import io.github.invertible.report.CsvTable;
import io.github.invertible.report.LinePlots;
import io.github.invertible.report.Readable;
import io.github.invertible.report.Table;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * F5: stability of the inverse. For test digits x with top representation y, invert
 * y + ε‖y‖u (u a random unit vector per digit, padded channels dropped, DESIGN §8.3) with the proposed method and
 * measure the amplification ‖x̂(ε) − x‖ / (ε‖y‖), against the bounds of DESIGN §8 (1 for tied, ∏ 1/(1 − C) for
 * lipschitz:C); then, on {@link F5WorstDirection#PER_CLASS} digits per class, the worst-case direction of the whole
 * stage and of every unit, with both methods ({@link F5WorstDirection}, {@link F5WorstDirection#CSV}). The plot
 * shows both directions.
 */
public final class F5InverseStability {
    public static final String CSV = "f5_inverse_stability.csv";
    public static final String PNG = "f5_inverse_stability.png";
    /** Model and its bound on the stage inverse's Lipschitz constant (DESIGN §8): 1, and (1/(1 − 0.9))^6. */
    static final Map<String, Double> MODELS = Map.of("conv-tied", 1.0, "conv-lipschitz-0.9", Math.pow(10, 6));
    static final double[] EPS = {1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1};
    public static final int PER_CLASS = 10;
    /** Bound on one unit's inverse per model (DESIGN §8): 1 tied, 1/(1 − 0.9) lipschitz:0.9. */
    static final Map<String, Double> UNIT_BOUND = Map.of("conv-tied", 1.0, "conv-lipschitz-0.9", 10.0);
    static final String[] COLUMNS = {"model", "eps", "direction", "digits", "certified", "median_amplification",
            "max_amplification", "bound"};

    private F5InverseStability() {
    }

    public static void run(Path modelDir, Path out, ImageDataset mnist) throws IOException {
        int[] indices = BalancedSelection.firstPerClass(mnist.test(), PER_CLASS);
        INDArray x = mnist.test().select(indices).features(true, DataType.DOUBLE);
        int n = (int) x.size(0);
        CsvTable t = new CsvTable(COLUMNS);
        CsvTable worst = new CsvTable(F5WorstDirection.COLUMNS);
        int[] worstIndices = BalancedSelection.firstPerClass(mnist.test(), F5WorstDirection.PER_CLASS);
        INDArray xWorst = mnist.test().select(worstIndices).features(true, DataType.DOUBLE);
        ReferenceModels.forEachPresent(modelDir, List.of("conv-tied", "conv-lipschitz-0.9"), "F5", (model, net) -> {
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
            F5WorstDirection.measure(model, FeatureStageInverter.of(net).dropPaddedChannels(true), xWorst, EPS,
                    UNIT_BOUND.get(model), worst);
        });
        AtomicFiles.write(out.resolve(CSV), t::write);
        AtomicFiles.write(out.resolve(F5WorstDirection.CSV), worst::write);
        Table table = Table.readCsv(out.resolve(CSV));
        Table worstTable = Table.readCsv(out.resolve(F5WorstDirection.CSV));
        AtomicFiles.write(out.resolve(PNG), tmp -> F5Plot.plot(table, worstTable, tmp));
    }

    /** Per model: the largest amplification measured along the random direction, against its bound. */
    public static String reading(Table t) {
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
