package io.github.invertible.inversion.piece;

import io.github.invertible.inversion.linalg.Matrices;

/** y = σ(W x + b), W [m,n] (DESIGN §2.1). Immutable. */
public final class RectifierLinearTransform {

    private final double[][] w;
    private final double[] b;

    public RectifierLinearTransform(double[][] w, double[] b) {
        if (b.length != w.length) {
            throw new IllegalArgumentException("b has " + b.length + " entries, W has " + w.length + " rows");
        }
        Matrices.requireFinite(w, "W");
        Matrices.requireFinite(b, "b");
        this.w = Matrices.copy(w);
        this.b = b.clone();
    }

    public RectifierLinearTransform(double[][] w) {
        this(w, new double[w.length]);
    }

    /** The pairing [W; −W], [b; −b] of An et al.: invertible whenever W has full column rank. */
    public static RectifierLinearTransform paired(double[][] w, double[] b) {
        int m = w.length;
        double[][] pw = new double[2 * m][];
        double[] pb = new double[2 * m];
        for (int i = 0; i < m; i++) {
            pw[i] = w[i].clone();
            pw[m + i] = w[i].clone();
            for (int j = 0; j < pw[m + i].length; j++) {
                pw[m + i][j] = -pw[m + i][j];
            }
            pb[i] = b[i];
            pb[m + i] = -b[i];
        }
        return new RectifierLinearTransform(pw, pb);
    }

    public int outputSize() {
        return w.length;
    }

    public int inputSize() {
        return w[0].length;
    }

    public double[][] weightsView() {
        return w;
    }

    public double[] biasView() {
        return b;
    }

    public double[] forward(double[] x) {
        double[] y = Matrices.multiply(w, x);
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(y[i] + b[i], 0);
        }
        return y;
    }
}
