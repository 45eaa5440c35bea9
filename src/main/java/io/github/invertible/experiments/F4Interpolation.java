package io.github.invertible.experiments;

import io.github.invertible.common.AtomicFiles;
import io.github.invertible.data.BalancedSelection;
import io.github.invertible.data.ImageDataset;
import io.github.invertible.data.ImageSplit;
import io.github.invertible.inversion.FeatureStageInverter;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.inversion.InverseOptions;
import io.github.invertible.inversion.NetworkInversion;
import io.github.invertible.references.ReferenceModels;
import io.github.invertible.report.CsvTable;
import io.github.invertible.report.DigitGrid;
import io.github.invertible.report.Readable;
import io.github.invertible.report.Table;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * F4 (after i-RevNet): the top representations y0, y1 of two test digits of different classes, the
 * points (1 − t)y0 + t·y1 of the segment inverted with the proposed method, the padded channels dropped
 * (DESIGN §8.3); per image its certificate, the class the network assigns and the dropped part's norm.
 */
public final class F4Interpolation {
    public static final String CSV = "f4_interpolation.csv";
    /** The models F4 runs on, in the report's order of their figures. */
    public static final List<String> MODELS = List.of("conv-tied", "conv-lipschitz-0.9");
    /** Class pairs; the first test digit of each class is used. */
    static final int[][] PAIRS = {{1, 7}, {3, 8}, {4, 9}};
    static final int STEPS = 10;
    static final String[] COLUMNS = {"model", "pair", "class_a", "class_b", "test_index_a", "test_index_b", "t",
            "certified", "max_unit_residual", "assigned_class", "dropped_norm", "dropped_share"};

    private F4Interpolation() {
    }

    public static String png(String model) {
        return "f4_interpolation_" + model + ".png";
    }

    /** Runs on every model of {@link #MODELS} present in modelDir; writes {@link #CSV} and one PNG per model. */
    public static void run(Path modelDir, Path out, ImageDataset mnist) throws IOException {
        int[] first = BalancedSelection.firstPerClass(mnist.test(), 1); // index of the first digit of each class
        ImageSplit firsts = mnist.test().select(first);
        CsvTable t = new CsvTable(COLUMNS);
        ReferenceModels.forEachPresent(modelDir, MODELS, "F4", (model, net) -> {
            FeatureStageInverter inv = FeatureStageInverter.of(net).dropPaddedChannels(true);
            List<DigitGrid.Row> rows = new ArrayList<>();
            for (int p = 0; p < PAIRS.length; p++) {
                int a = classPosition(firsts, PAIRS[p][0]);
                int b = classPosition(firsts, PAIRS[p][1]);
                INDArray x = firsts.select(new int[]{a, b}).features(true, DataType.DOUBLE);
                INDArray y = inv.forward(x, inv.top());
                INDArray y0 = y.slice(0);
                INDArray y1 = y.slice(1);
                INDArray ys = Nd4j.create(DataType.DOUBLE, concatShape(STEPS + 1, y0.shape()));
                for (int s = 0; s <= STEPS; s++) {
                    double tt = (double) s / STEPS;
                    ys.slice(s).assign(y0.mul(1 - tt).addi(y1.mul(tt)));
                }
                NetworkInversion r = inv.invert(ys, inv.top(), InverseMethod.PROPOSED, InverseOptions.defaults());
                double[] dropped = droppedNorms(r, inv);
                double[] share = pieceResidual(r, padName(inv));
                double[] cert = maxUnitResidual(r, inv.unitNames());
                int[] cls = net.outputSingle(r.x().castTo(DataType.FLOAT)).argMax(1).toIntVector();
                List<double[]> images = new ArrayList<>();
                List<String> captions = new ArrayList<>();
                List<Boolean> failed = new ArrayList<>();
                for (int s = 0; s <= STEPS; s++) {
                    double tt = (double) s / STEPS;
                    t.add(model, p, PAIRS[p][0], PAIRS[p][1], first[a], first[b], tt, r.certified(s), cert[s], cls[s],
                            dropped[s], share[s]);
                    images.add(r.x().slice(s).reshape(-1).toDoubleVector());
                    captions.add(String.format(Locale.ROOT, "class %d\nres %.0e\ndrop %.2f", cls[s], cert[s], dropped[s]));
                    failed.add(!r.certified(s));
                }
                rows.add(new DigitGrid.Row(PAIRS[p][0] + " -> " + PAIRS[p][1] + " (t = 0..1)", images, captions, failed));
            }
            AtomicFiles.write(out.resolve(png(model)), tmp -> DigitGrid.write(tmp, "F4 " + model
                    + ": inverses of (1-t) y0 + t y1. Under each image: the class the network assigns to it; res, the "
                    + "largest unit certificate ||F(x) - y|| / ||y||; drop, the norm of the dropped padded channels", rows));
        });
        AtomicFiles.write(out.resolve(CSV), t::write);
    }

    private static int classPosition(ImageSplit firsts, int label) {
        for (int i = 0; i < firsts.size(); i++) {
            if (firsts.label(i) == label) {
                return i;
            }
        }
        throw new IllegalStateException("no test digit of class " + label);
    }

    private static long[] concatShape(int n, long[] one) {
        long[] s = new long[one.length + 1];
        s[0] = n;
        System.arraycopy(one, 0, s, 1, one.length);
        return s;
    }

    private static String padName(FeatureStageInverter inv) {
        return inv.stage().vertices().stream().filter(v -> v.name().startsWith("pad")).findFirst()
                .map(v -> v.name()).orElse("");
    }

    /**
     * ‖dropped part‖ per sample: the padding's inverse splits its input orthogonally into the kept channels (its
     * output) and the dropped ones, so ‖dropped‖² = ‖input‖² − ‖output‖²; its input is the output of the piece above.
     */
    private static double[] droppedNorms(NetworkInversion r, FeatureStageInverter inv) {
        String pad = padName(inv);
        List<NetworkInversion.PieceResult> pieces = r.pieces();
        for (int i = 1; i < pieces.size(); i++) {
            if (pieces.get(i).vertex().equals(pad)) {
                INDArray in = pieces.get(i - 1).result().x();
                INDArray kept = pieces.get(i).result().x();
                int n = (int) in.size(0);
                INDArray a = in.reshape(n, -1).norm2(1);
                INDArray b = kept.reshape(n, -1).norm2(1);
                double[] d = new double[n];
                for (int s = 0; s < n; s++) {
                    d[s] = Math.sqrt(Math.max(0, a.getDouble(s) * a.getDouble(s) - b.getDouble(s) * b.getDouble(s)));
                }
                return d;
            }
        }
        return new double[(int) r.x().size(0)];
    }

    private static double[] pieceResidual(NetworkInversion r, String vertex) {
        return r.pieces().stream().filter(p -> p.vertex().equals(vertex)).findFirst()
                .map(p -> p.result().residual()).orElse(new double[(int) r.x().size(0)]);
    }

    private static double[] maxUnitResidual(NetworkInversion r, List<String> units) {
        double[] m = new double[(int) r.x().size(0)];
        for (NetworkInversion.PieceResult p : r.pieces()) {
            if (units.contains(p.vertex())) {
                for (int s = 0; s < m.length; s++) {
                    m[s] = Math.max(m[s], p.result().residual()[s]);
                }
            }
        }
        return m;
    }

    /** Per model: certified share, largest distance from the range and where the assigned class changes. */
    public static String reading(Table t) {
        StringBuilder sb = new StringBuilder("**Reading.** ");
        for (String model : t.column("model").stream().distinct().toList()) {
            Table m = t.where("model", model);
            long certified = m.column("certified").stream().filter("true"::equals).count();
            double maxShare = m.column("dropped_share").stream().mapToDouble(Double::parseDouble).max().orElse(0);
            double maxCert = m.column("max_unit_residual").stream().mapToDouble(Double::parseDouble).max().orElse(0);
            List<String> flips = new ArrayList<>();
            for (String pair : m.column("pair").stream().distinct().toList()) {
                Table rows = m.where("pair", pair);
                List<String> cls = rows.column("assigned_class");
                for (int i = 1; i < cls.size(); i++) {
                    if (!cls.get(i).equals(cls.get(i - 1))) {
                        flips.add(rows.column("class_a").get(0) + "->" + rows.column("class_b").get(0) + " at t = "
                                + rows.column("t").get(i));
                        break;
                    }
                }
            }
            sb.append(String.format(Locale.ROOT, "%s: %d of %d points certified (largest unit residual %s), the dropped "
                            + "padded part is at most %s of the representation, the assigned class changes %s; ",
                    model, certified, m.rows().size(), Readable.cell("residual", Double.toString(maxCert)),
                    Readable.cell("share", Double.toString(maxShare)), String.join(", ", flips)));
        }
        return sb.append("every point of the segment has one preimage through the units; between its ends it leaves the "
                + "range of the padding, and dropping the padded channels projects it back (DESIGN §8.3).").toString();
    }
}
