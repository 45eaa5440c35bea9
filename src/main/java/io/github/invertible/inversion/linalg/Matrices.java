package io.github.invertible.inversion.linalg;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Small plain-Java dense helpers for the per-sample solvers (row-major double[][]). */
public final class Matrices {

    private Matrices() {
    }

    public static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    public static double[] multiply(double[][] a, double[] x) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double[] row = a[i];
            double s = 0;
            for (int j = 0; j < row.length; j++) {
                s += row[j] * x[j];
            }
            y[i] = s;
        }
        return y;
    }

    /** A B for row-major A [p,q], B [q,r]. */
    public static double[][] multiply(double[][] a, double[][] b) {
        int p = a.length;
        int q = b.length;
        int r = b[0].length;
        double[][] c = new double[p][r];
        for (int i = 0; i < p; i++) {
            double[] ci = c[i];
            double[] ai = a[i];
            for (int l = 0; l < q; l++) {
                double f = ai[l];
                if (f == 0) {
                    continue;
                }
                double[] bl = b[l];
                for (int j = 0; j < r; j++) {
                    ci[j] += f * bl[j];
                }
            }
        }
        return c;
    }

    public static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    public static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    public static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    public static boolean allFinite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    public static void requireFinite(double[] v, String what) {
        if (!allFinite(v)) {
            throw new IllegalArgumentException(what + " contains NaN or infinite values");
        }
    }

    public static void requireFinite(double[][] a, String what) {
        for (double[] row : a) {
            requireFinite(row, what);
        }
    }

    public static void requireFinite(INDArray a, String what) {
        if (a.isInfinite().any() || a.isNaN().any()) {
            throw new IllegalArgumentException(what + " contains NaN or infinite values");
        }
    }
}
