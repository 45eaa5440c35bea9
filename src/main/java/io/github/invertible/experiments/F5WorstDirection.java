package io.github.invertible.experiments;

import io.github.invertible.inversion.BatchInversion;
import io.github.invertible.inversion.FeatureStageInverter;
import io.github.invertible.inversion.InverseMethod;
import io.github.invertible.inversion.InverseOptions;
import io.github.invertible.inversion.InverseStatus;
import io.github.invertible.inversion.NetworkInversion;
import io.github.invertible.report.Cells;
import io.github.invertible.report.CsvTable;
import io.github.invertible.report.Readable;
import io.github.invertible.report.Table;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * F5's worst-case direction (DESIGN §8.4): per level — the whole feature stage and each residual unit
 * alone — the top right singular vector u of the inverse's Jacobian at each digit (Lanczos on KᵀK with a residual
 * stopping rule, {@link LanczosWorst}), then the level's output y perturbed to y + ε‖y‖u and inverted with each method; one CSV
 * row per model, level, method and ε. Amplifications are over the certified samples only (NaN if none); the
 * status columns say how many converged, exhausted the budget or diverged.
 */
public final class F5WorstDirection {
    public static final String CSV = "f5_inverse_stability_worst.csv";
    /**
     * Digits per class (10 digits, fewer than the random direction's 100): each Lanczos step solves with
     * every unit's Jacobian and its transpose in double. Not yet timed on the reference models.
     */
    public static final int PER_CLASS = 1;
    static final String STAGE = "stage";
    /**
     * {@code converged} counts the digits whose inverse was certified; {@code sigma_converged} those whose Lanczos
     * Ritz pair met its stopping rule ({@link LanczosWorst}): below {@code digits}, sigma is a lower estimate.
     */
    static final String[] COLUMNS = {"model", "level", "method", "eps", "digits", "converged", "budget", "diverged",
            "other", "sigma_median", "sigma_max", "sigma_converged", "lanczos_iterations", "median_amplification",
            "max_amplification", "bound"};
    static final List<InverseMethod> METHODS = List.of(InverseMethod.PROPOSED, InverseMethod.EXISTING);
    /** Lanczos steps at most (each one K and one Kᵀ application), and its residual rule ‖KᵀKu − θu‖ ≤ tol·θ. */
    static final int LANCZOS_MAX_ITER = 60;
    static final double LANCZOS_TOL = 1e-6;

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
            LanczosWorst.Result w = LanczosWorst.run(inv.inverseJacobian(x, low, high), LANCZOS_MAX_ITER, LANCZOS_TOL,
                    18);
            double[] sigma = w.sigma().clone();
            Arrays.sort(sigma);
            double bound = stage ? Math.pow(unitBound, inv.unitNames().size()) : unitBound;
            INDArray xl = inv.inputOf(x, low);
            INDArray y = inv.forward(x, high);
            int n = (int) x.size(0);
            double[] yNorm = rowNorms(y);
            System.out.printf(Locale.ROOT, "F5 worst %s %s: sigma median %.6g, max %.6g (%d Lanczos steps, %d/%d "
                            + "converged, %.1f s)%n", model, level, sigma[(n - 1) / 2], sigma[n - 1], w.iterations(),
                    w.convergedCount(), n, (System.nanoTime() - t0) / 1e9);
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
                            sigma[(n - 1) / 2], sigma[n - 1], w.convergedCount(), w.iterations(),
                            k == 0 ? Double.NaN : amp[(k - 1) / 2], k == 0 ? Double.NaN : amp[k - 1], bound);
                }
            }
        }
    }

    /**
     * Per model: the stage's worst-case σ (a lower estimate where Lanczos did not converge on every digit) and the
     * measured amplification, the largest unit σ, the units whose inverse sits at exactly 1, the existing method's
     * status.
     */
    public static String reading(Table t) {
        StringBuilder sb = new StringBuilder("**Reading (worst-case direction).** ");
        for (String model : t.column("model").stream().distinct().toList()) {
            Table units = t.where("model", model).where("method", InverseMethod.PROPOSED.id()).whereNot("level", STAGE);
            Table st = t.where("model", model).where("level", STAGE).where("method", InverseMethod.PROPOSED.id());
            List<String> first = st.rows().get(0);
            String worstUnit = null;
            double unitSigma = Double.NEGATIVE_INFINITY;
            List<String> atOne = new ArrayList<>();
            for (String level : units.column("level").stream().distinct().toList()) {
                List<String> r = units.where("level", level).rows().get(0);
                double sigma = Cells.num(r, units, "sigma_max");
                if (sigma > unitSigma) {
                    unitSigma = sigma;
                    worstUnit = level;
                }
                if (Math.abs(sigma - 1) <= AT_ONE && converged(units, r)) {
                    atOne.add(level);
                }
            }
            // the existing method's outcomes summed over the perturbation sizes (the CSV has them size by size)
            long ran = 0;
            long certified = 0;
            long budget = 0;
            long diverged = 0;
            List<List<String>> existing = t.where("model", model).where("level", STAGE)
                    .where("method", InverseMethod.EXISTING.id()).rows();
            for (List<String> r : existing) {
                ran += (long) Cells.num(r, t, "digits");
                certified += (long) Cells.num(r, t, "converged");
                budget += (long) Cells.num(r, t, "budget");
                diverged += (long) Cells.num(r, t, "diverged");
            }
            String status = String.format(Locale.ROOT, "certified %d of %d inversions over %d perturbation sizes "
                    + "(%d out of its iteration budget, %d diverged)", certified, ran, existing.size(), budget, diverged);
            List<String> wu = units.where("level", worstUnit).rows().get(0);
            sb.append(String.format(Locale.ROOT, "%s: stage sigma max %s (%s), measured %s at eps %s, bound %s; "
                            + "largest unit 1/sigma_min %s (%s, %s)", model,
                    Readable.number(Cells.num(first, st, "sigma_max")), estimate(st, first),
                    Readable.number(Cells.num(first, st, "max_amplification")), first.get(3),
                    Readable.number(Cells.num(first, st, "bound")), Readable.number(unitSigma), worstUnit,
                    estimate(units, wu)));
            if (!atOne.isEmpty()) {
                sb.append("; ").append(String.join(", ", atOne)).append(atOne.size() == 1 ? " sits" : " sit")
                        .append(" at exactly 1 (sigma_min(J) = 1: the hidden units a digit leaves inactive give W1ᵀDW1"
                                + " a null direction, along which the tied unit's Jacobian I + alpha W1ᵀDW1 is the "
                                + "identity)");
            }
            sb.append("; the existing method ").append(status).append(". ");
        }
        return sb.toString().trim();
    }

    /** |σ − 1| below this (and converged) counts as exactly 1: the Lanczos residual rule's own accuracy. */
    static final double AT_ONE = 1e-6;

    /** Whether Lanczos converged on every digit; a CSV of earlier releases (power iteration) never did. */
    static boolean converged(Table t, List<String> r) {
        return t.header().contains("sigma_converged")
                && Cells.num(r, t, "sigma_converged") >= Cells.num(r, t, "digits");
    }

    /** "Lanczos, converged on 10/10 digits in 23 steps" or "... lower estimate: converged on 7/10 ...". */
    private static String estimate(Table t, List<String> r) {
        if (!t.header().contains("sigma_converged")) {
            return "lower estimate: power iteration";
        }
        String counts = String.format(Locale.ROOT, "converged on %s/%s digits in %s steps",
                r.get(t.header().indexOf("sigma_converged")), r.get(t.header().indexOf("digits")),
                r.get(t.header().indexOf("lanczos_iterations")));
        return converged(t, r) ? "Lanczos, " + counts : "lower estimate: Lanczos " + counts;
    }


    private static int count(InverseStatus[] s, InverseStatus which) {
        return (int) Arrays.stream(s).filter(v -> v == which).count();
    }

    static double[] rowNorms(INDArray a) {
        return a.reshape(a.size(0), -1).norm2(1).toDoubleVector();
    }
}
