package io.github.invertible.experiments;

import io.github.invertible.inversion.BatchInversion;
import io.github.invertible.inversion.FeatureStageInverter;
import io.github.invertible.inversion.InverseJacobian;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.inversion.InverseOptions;
import io.github.invertible.inversion.InverseStatus;
import io.github.invertible.inversion.NetworkInversion;
import io.github.invertible.report.CsvTable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * F5's worst-case direction (issue 18, DESIGN §8.4): per level — the whole feature stage and each residual unit
 * alone — the top right singular vector u of the inverse's Jacobian at each digit (power iteration on KᵀK,
 * {@link InverseJacobian}), then the level's output y perturbed to y + ε‖y‖u and inverted with each method; one CSV
 * row per model, level, method and ε. Amplifications are over the certified samples only (NaN if none); the
 * status columns say how many converged, exhausted the budget or diverged.
 */
public final class F5WorstDirection {
    public static final String CSV = "f5_inverse_stability_worst.csv";
    /**
     * Digits per class (10 digits, fewer than the random direction's 100): each power-iteration step solves with
     * every unit's Jacobian and its transpose in double. Not yet timed on the reference models.
     */
    public static final int PER_CLASS = 1;
    static final String STAGE = "stage";
    static final String[] COLUMNS = {"model", "level", "method", "eps", "digits", "converged", "budget", "diverged",
            "other", "sigma_median", "sigma_max", "power_iterations", "median_amplification", "max_amplification",
            "bound"};
    static final List<InverseMethod> METHODS = List.of(InverseMethod.PROPOSED, InverseMethod.EXISTING);
    static final int POWER_MAX_ITER = 20;
    static final double POWER_TOL = 1e-4;

    private F5WorstDirection() {
    }

    /**
     * Measures one model: the stage and every unit, each ε of {@code eps}, both methods; appends rows to t.
     *
     * @param unitBound the bound on one unit's inverse (1 tied, 1/(1 − C) lipschitz:C); the stage's is its power
     */
    public static void measure(String model, FeatureStageInverter inv, INDArray x, double[] eps, double unitBound,
                               CsvTable t) {
        List<String> levels = new ArrayList<>();
        levels.add(STAGE);
        levels.addAll(inv.unitNames());
        String first = inv.vertexNames().get(0);
        for (String level : levels) {
            boolean stage = STAGE.equals(level);
            String low = stage ? first : level;
            String high = stage ? inv.top() : level;
            long t0 = System.nanoTime();
            InverseJacobian.Worst w = inv.inverseJacobian(x, low, high).worstDirection(POWER_MAX_ITER, POWER_TOL, 18);
            double[] sigma = w.sigma().clone();
            Arrays.sort(sigma);
            double bound = stage ? Math.pow(unitBound, inv.unitNames().size()) : unitBound;
            INDArray xl = inv.inputOf(x, low);
            INDArray y = inv.forward(x, high);
            int n = (int) x.size(0);
            double[] yNorm = rowNorms(y);
            System.out.printf(Locale.ROOT, "F5 worst %s %s: sigma median %.4g, max %.4g (%d power iterations, %.1f s)%n",
                    model, level, sigma[(n - 1) / 2], sigma[n - 1], w.iterations(), (System.nanoTime() - t0) / 1e9);
            for (double e : eps) {
                INDArray yp = y.add(w.direction().reshape(n, -1)
                        .mulColumnVector(Nd4j.createFromArray(yNorm).reshape(n, 1).muli(e)).reshape(y.shape()));
                for (InverseMethod m : METHODS) {
                    InverseStatus[] status = new InverseStatus[n];
                    INDArray xh;
                    if (stage) {
                        NetworkInversion r = inv.invert(yp, high, m, InverseOptions.defaults());
                        xh = r.x();
                        for (int s = 0; s < n; s++) {
                            status[s] = r.certified(s) ? InverseStatus.RECOVERED
                                    : InverseStatus.valueOf(r.failure()[s].substring(r.failure()[s].lastIndexOf(' ') + 1));
                        }
                    } else {
                        BatchInversion b = inv.invertPiece(level, yp, m, InverseOptions.defaults());
                        xh = b.x();
                        status = b.status();
                    }
                    double[] dx = rowNorms(xh.sub(xl));
                    double[] amp = new double[n];
                    int k = 0;
                    for (int s = 0; s < n; s++) {
                        if (status[s] == InverseStatus.RECOVERED) {
                            amp[k++] = dx[s] / (e * yNorm[s]);
                        }
                    }
                    amp = Arrays.copyOf(amp, k);
                    Arrays.sort(amp);
                    t.add(model, level, m.id(), e, n, count(status, InverseStatus.RECOVERED),
                            count(status, InverseStatus.BUDGET_EXHAUSTED), count(status, InverseStatus.DIVERGED),
                            n - count(status, InverseStatus.RECOVERED) - count(status, InverseStatus.BUDGET_EXHAUSTED)
                                    - count(status, InverseStatus.DIVERGED),
                            sigma[(n - 1) / 2], sigma[n - 1], w.iterations(),
                            k == 0 ? Double.NaN : amp[(k - 1) / 2], k == 0 ? Double.NaN : amp[k - 1], bound);
                }
            }
        }
    }

    /** Per model: the stage's worst-case σ and measured amplification, the largest unit σ, the existing method's status. */
    static String reading(io.github.invertible.report.Table t) {
        StringBuilder sb = new StringBuilder("**Reading (worst-case direction).** ");
        for (String model : t.column("model").stream().distinct().toList()) {
            io.github.invertible.report.Table m = t.where("model", model);
            io.github.invertible.report.Table st = m.where("level", STAGE).where("method", InverseMethod.PROPOSED.id());
            io.github.invertible.report.Table units = m.where("method", InverseMethod.PROPOSED.id());
            double unitSigma = units.rows().stream().filter(r -> !STAGE.equals(r.get(1)))
                    .mapToDouble(r -> Double.parseDouble(r.get(units.header().indexOf("sigma_max")))).max().orElse(Double.NaN);
            io.github.invertible.report.Table ex = m.where("level", STAGE).where("method", InverseMethod.EXISTING.id());
            List<String> status = new ArrayList<>();
            for (List<String> r : ex.rows()) {
                status.add(String.format(Locale.ROOT, "eps %s: %s/%s converged, %s budget, %s diverged",
                        r.get(3), r.get(5), r.get(4), r.get(6), r.get(7)));
            }
            sb.append(String.format(Locale.ROOT, "%s: stage sigma max %s (power iteration), measured %s at eps %s, bound "
                            + "%s; largest unit 1/sigma_min %s; existing method: %s. ", model,
                    io.github.invertible.report.Readable.number(Double.parseDouble(st.column("sigma_max").get(0))),
                    io.github.invertible.report.Readable.number(Double.parseDouble(st.column("max_amplification").get(0))),
                    st.column("eps").get(0),
                    io.github.invertible.report.Readable.number(Double.parseDouble(st.column("bound").get(0))),
                    io.github.invertible.report.Readable.number(unitSigma), String.join("; ", status)));
        }
        return sb.toString().trim();
    }

    private static int count(InverseStatus[] s, InverseStatus which) {
        return (int) Arrays.stream(s).filter(v -> v == which).count();
    }

    static double[] rowNorms(INDArray a) {
        return a.reshape(a.size(0), -1).norm2(1).toDoubleVector();
    }
}
