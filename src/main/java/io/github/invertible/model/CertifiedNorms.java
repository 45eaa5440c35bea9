package io.github.invertible.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.LayerConstraint;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spectral norms of the residual units' linear maps with a certificate (DESIGN §3.7): the largest eigenvalue of
 * the Gram matrix of the whole operator, computed densely in double (LAPACK {@code dsyev}), and an upper bound
 * that provably holds for the true norm. Power iteration ({@link PowerIteration}) only approaches the norm from
 * below: the shipped lipschitz-0.9 model had ‖W2‖‖W1‖ = 0.900025 on unit1_2 after its final power-iteration
 * projection.
 * <p>
 * The Gram matrix of a SAME stride-1 convolution on C×H×W images is assembled from the kernel directly (hand
 * written: no ND4J op forms it, and the im2col route over the C·H·W basis images needs ~10× the memory): every
 * output pixel adds the same block KᵀK, restricted to the kernel taps that fall inside the image, so the cost is
 * H·W·(kh·kw)²·C² instead of a dense product of the [out·H·W, C·H·W] operator matrix with itself.
 */
public final class CertifiedNorms {

    /**
     * Relative allowance on the computed top eigenvalue of the Gram matrix for the rounding of its assembly and of
     * the symmetric eigensolver (both backward stable: errors of order n·ε·‖|A|‖² ≈ 1e-12·‖A‖² for n = 3136
     * and ‖|A|‖/‖A‖ below 10; the allowance is 1000 times that).
     */
    static final double EIGEN_ALLOWANCE = 1e-9;
    /** Unit roundoff of float32, the type the weights are stored in. */
    static final double FLOAT_ROUNDOFF = 0x1p-24;

    private CertifiedNorms() {
    }

    /**
     * Gram matrix AᵀA (n×n, n = in·H·W, row-major) of the SAME stride-1 convolution with kernel
     * [out, in, kh, kw] on in×H×W images.
     */
    public static double[] convGram(INDArray kernelOIYX, int height, int width) {
        int out = (int) kernelOIYX.size(0);
        int in = (int) kernelOIYX.size(1);
        int kh = (int) kernelOIYX.size(2);
        int kw = (int) kernelOIYX.size(3);
        if (kh % 2 == 0 || kw % 2 == 0) {
            throw new IllegalArgumentException("SAME convolution needs odd kernel sizes, got " + kh + "x" + kw);
        }
        double[] k = kernelOIYX.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int taps = kh * kw;
        int m = in * taps;
        // block[(c, d), (c', d')] = sum_o K[o, c, d] K[o, c', d'], d = dy * kw + dx
        double[] block = new double[m * m];
        for (int o = 0; o < out; o++) {
            int base = o * m;
            for (int a = 0; a < m; a++) {
                double ka = k[base + a];
                if (ka == 0) {
                    continue;
                }
                for (int b = 0; b < m; b++) {
                    block[a * m + b] += ka * k[base + b];
                }
            }
        }
        int hw = height * width;
        int n = in * hw;
        double[] gram = new double[n * n];
        int ph = kh / 2;
        int pw = kw / 2;
        int[] tap = new int[taps];
        int[] pixel = new int[taps];
        for (int i = 0; i < height; i++) {
            for (int j = 0; j < width; j++) {
                // output pixel (i, j) reads input pixel (i + dy - ph, j + dx - pw) through tap (dy, dx)
                int valid = 0;
                for (int dy = 0; dy < kh; dy++) {
                    for (int dx = 0; dx < kw; dx++) {
                        int y = i + dy - ph;
                        int x = j + dx - pw;
                        if (y >= 0 && y < height && x >= 0 && x < width) {
                            tap[valid] = dy * kw + dx;
                            pixel[valid] = y * width + x;
                            valid++;
                        }
                    }
                }
                for (int s = 0; s < valid; s++) {
                    for (int t = 0; t < valid; t++) {
                        for (int c = 0; c < in; c++) {
                            int row = (c * hw + pixel[s]) * n;
                            int blockRow = (c * taps + tap[s]) * m + tap[t];
                            for (int c2 = 0; c2 < in; c2++) {
                                gram[row + c2 * hw + pixel[t]] += block[blockRow + c2 * taps];
                            }
                        }
                    }
                }
            }
        }
        return gram;
    }

    /** Largest eigenvalue of a symmetric n×n matrix (row-major), by LAPACK dsyev in double. */
    public static double largestEigenvalue(double[] symmetric, int n) {
        // symmetric: the row-major data read column-major is the same matrix, no copy needed
        INDArray g = Nd4j.create(symmetric, new long[]{n, n}, 'f');
        INDArray values = Nd4j.create(DataType.DOUBLE, n);
        int info = Nd4j.getBlasWrapper().lapack().syev('N', 'U', g, values);
        if (info != 0) {
            throw new IllegalStateException("dsyev failed (info " + info + ")");
        }
        return values.maxNumber().doubleValue();
    }

    /**
     * Gram matrix of the operator of a residual unit's weight on its shorter side (n×n, row-major; n = its
     * length): conv kernels on H×W images, or dense matrices. ‖W‖₂² is its largest eigenvalue.
     */
    static double[] gram(INDArray weight, int height, int width) {
        if (weight.rank() == 4) {
            INDArray k = weight.castTo(DataType.DOUBLE);
            if (k.size(0) < k.size(1)) {
                k = ConvKernels.adjoint(k); // ‖A‖ = ‖Aᵀ‖, and the adjoint is again a SAME convolution
            }
            return convGram(k, height, width);
        }
        INDArray w = weight.castTo(DataType.DOUBLE);
        INDArray g = w.rows() > w.columns() ? w.transpose().mmul(w) : w.mmul(w.transpose());
        return g.dup('c').data().asDouble();
    }

    /** ‖A‖₂ of the SAME stride-1 convolution on H×W images, from the dense eigenvalues of its Gram matrix. */
    public static double convNorm(INDArray kernelOIYX, int height, int width) {
        return norm(kernelOIYX, height, width);
    }

    /** ‖W‖₂ of a dense weight matrix, from the Gram matrix of its shorter side. */
    public static double denseNorm(INDArray matrix) {
        return norm(matrix, 0, 0);
    }

    /** The operator norm of a residual unit's weight (conv kernel on H×W images, or a dense matrix). */
    public static double norm(INDArray weight, int height, int width) {
        double[] g = gram(weight, height, width);
        return Math.sqrt(Math.max(0, largestEigenvalue(g, (int) Math.round(Math.sqrt(g.length)))));
    }

    /** A certified upper bound of {@link #norm}: the computed value with the rounding allowance added. */
    public static double upperBound(INDArray weight, int height, int width) {
        return norm(weight, height, width) * Math.sqrt(1 + EIGEN_ALLOWANCE);
    }

    /**
     * Bound on ‖|W|‖₂ (the operator with absolute entries): Schur's sqrt(max column sum · max row sum). The
     * rounding of a float rescaling changes every entry by at most FLOAT_ROUNDOFF of its size, so it moves the
     * operator norm by at most FLOAT_ROUNDOFF · ‖|W|‖₂.
     */
    static double absoluteNormBound(INDArray weight) {
        INDArray a = Transforms.abs(weight.castTo(DataType.DOUBLE), true);
        if (a.rank() == 4) {
            double perInput = a.sum(0, 2, 3).maxNumber().doubleValue();
            double perOutput = a.sum(1, 2, 3).maxNumber().doubleValue();
            return Math.sqrt(perInput * perOutput);
        }
        return Math.sqrt(a.sum(0).maxNumber().doubleValue() * a.sum(1).maxNumber().doubleValue());
    }

    /**
     * Scales {@code weight} (in place) so that its norm is certifiably at most {@code target}, counting the
     * rounding of the scaled entries to the weight's type; leaves it alone when it already is.
     *
     * @return the factor applied (1 if none)
     */
    public static double scaleToAtMost(INDArray weight, int height, int width, double target) {
        return scaleToAtMost(weight, norm(weight, height, width), target);
    }

    /** As above, given the weight's computed {@link #norm}. */
    static double scaleToAtMost(INDArray weight, double norm, double target) {
        double upper = norm * Math.sqrt(1 + EIGEN_ALLOWANCE);
        if (upper <= target) {
            return 1;
        }
        double rounding = weight.dataType() == DataType.DOUBLE ? 0x1p-53 : FLOAT_ROUNDOFF;
        // ND4J rounds s to the weight's type first (at most a factor 1 + rounding), then every product:
        // ||fl(fl(s) W)|| <= fl(s) (||W|| + rounding |||W|||) <= s (1 + rounding) (upper + rounding * abs)
        // and 1 - EIGEN_ALLOWANCE more, so that a second projection finds it below target and leaves it alone
        double s = target * (1 - EIGEN_ALLOWANCE) / ((1 + rounding) * (upper + rounding * absoluteNormBound(weight)));
        weight.muli(s);
        return s;
    }

    /**
     * Whether ‖W‖₂ &lt; bound, certified by a Cholesky factorisation of bound²·I − G (G the Gram matrix in double):
     * it succeeds only if the matrix is positive definite, i.e. every eigenvalue of G is below bound². An
     * independent check of {@link #norm} (a factorisation instead of an eigensolver).
     */
    public static boolean certifiedBelow(INDArray weight, int height, int width, double bound) {
        double[] g = gram(weight, height, width);
        int n = (int) Math.round(Math.sqrt(g.length));
        // bound²·I − G, shifted by the rounding allowance so that success also covers the Gram matrix's rounding
        double shift = bound * bound / (1 + EIGEN_ALLOWANCE);
        for (int i = 0; i < g.length; i++) {
            g[i] = -g[i];
        }
        for (int i = 0; i < n; i++) {
            g[i * n + i] += shift;
        }
        return choleskyPositiveDefinite(g, n);
    }

    /**
     * Columns per block of {@link #choleskyPositiveDefinite}: a panel of 3136 rows (1.6 MB) fits a 2 MB L2. A
     * multiple of 4: only full blocks have rows below them, and {@link #subtractOuterProduct} takes four columns at
     * a time.
     */
    static final int BLOCK = 64;

    /**
     * Whether the symmetric n×n matrix {@code a} (row-major; only its lower triangle is read, and overwritten by the
     * Cholesky factor L, A = L·Lᵀ) has a Cholesky factorisation with positive pivots, i.e. is positive definite.
     * Written by hand on purpose (DESIGN §3.7): ND4J's {@code potrf} (OpenBLAS's dpotrf) was measured wrong on an
     * AVX-512 machine — it rejected positive definite matrices of order ≥ 64 and accepted a weight twice above the
     * bound — and a certificate must not rest on a kernel it cannot check.
     * <p>
     * Right-looking and blocked, as LAPACK's: factor a column block of {@link #BLOCK} columns, copy its rows below
     * the diagonal block, transposed, into a contiguous panel (small enough for the core's cache), and subtract the
     * panel's outer product from the trailing lower triangle row by row, element-wise along each row — a loop the
     * JIT vectorises, where one inner product per entry is a floating-point reduction it may neither vectorise nor
     * reorder (that was ~3× slower at n = 3136, DESIGN §3.7). Cholesky's backward error bound holds for any order
     * of the sums.
     */
    static boolean choleskyPositiveDefinite(double[] a, int n) {
        double[] panel = new double[Math.max(0, n - BLOCK) * BLOCK]; // rows below the first block, at most
        for (int kb = 0; kb < n; kb += BLOCK) {
            int e = Math.min(kb + BLOCK, n);
            // the block column [kb, e) of every row below kb: earlier blocks are already subtracted
            for (int j = kb; j < e; j++) {
                int rj = j * n;
                double d = a[rj + j] - dot(a, rj + kb, rj + kb, j - kb);
                if (!(d > 0)) { // also NaN
                    return false;
                }
                double l = Math.sqrt(d);
                a[rj + j] = l;
                for (int i = j + 1; i < n; i++) {
                    int ri = i * n;
                    a[ri + j] = (a[ri + j] - dot(a, ri + kb, rj + kb, j - kb)) / l;
                }
            }
            int m = n - e;
            int w = e - kb;
            // transposed panel: panel[k·m + r] = L[e + r, kb + k], so the update below runs along contiguous rows
            for (int r = 0; r < m; r++) {
                int src = (e + r) * n + kb;
                for (int k = 0; k < w; k++) {
                    panel[k * m + r] = a[src + k];
                }
            }
            for (int i = 0; i < m; i++) {
                subtractOuterProduct(a, (e + i) * n + e, panel, m, w, i);
            }
        }
        return true;
    }

    /** Σ_{k &lt; len} x[p + k]·x[q + k], four independent sums. */
    private static double dot(double[] x, int p, int q, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < len; k += 4) {
            s0 += x[p + k] * x[q + k];
            s1 += x[p + k + 1] * x[q + k + 1];
            s2 += x[p + k + 2] * x[q + k + 2];
            s3 += x[p + k + 3] * x[q + k + 3];
        }
        for (; k < len; k++) {
            s0 += x[p + k] * x[q + k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Row i of the trailing lower triangle (entries 0..i from {@code at}) minus Σ_k L[i, k]·L[0..i, k] over the
     * panel's w columns (w = {@link #BLOCK}, a multiple of 4): element-wise along the row, four columns at a time
     * (a loop the JIT vectorises, unlike a floating-point sum).
     */
    private static void subtractOuterProduct(double[] a, int at, double[] panel, int m, int w, int i) {
        for (int k = 0; k < w; k += 4) {
            int p0 = k * m;
            int p1 = p0 + m;
            int p2 = p1 + m;
            int p3 = p2 + m;
            double c0 = panel[p0 + i];
            double c1 = panel[p1 + i];
            double c2 = panel[p2 + i];
            double c3 = panel[p3 + i];
            for (int j = 0; j <= i; j++) {
                a[at + j] -= c0 * panel[p0 + j] + c1 * panel[p1 + j] + c2 * panel[p2 + j] + c3 * panel[p3 + j];
            }
        }
    }

    /**
     * One parameter of a certified projection.
     *
     * @param before        its norm before (dense, in double); NaN when a Cholesky certificate showed it below
     *                      sqrt(C) and the norm was not computed
     * @param factor        the scale applied (1 = left alone)
     * @param certifiedAfter a certified upper bound of its norm afterwards (&lt;= sqrt(C))
     */
    public record Projected(double before, double factor, double certifiedAfter) {
    }

    /**
     * The certified final projection (DESIGN §3.7): every parameter of every residual unit that carries a
     * {@link SpectralNormConstraint} (bound C) is scaled, in place, to a certified norm &lt;= sqrt(C), so
     * ‖W2‖₂‖W1‖₂ &lt;= C holds for the weights as stored. Works on any network, trained here or loaded.
     *
     * @return per "vertex_param", what it was and what it is certified to be now
     */
    public static Map<String, Projected> project(ComputationGraph net) {
        Map<String, Projected> out = new LinkedHashMap<>();
        for (Layer layer : net.getLayers()) {
            var conf = layer.conf().getLayer();
            List<LayerConstraint> constraints = conf.getConstraints();
            for (LayerConstraint c : constraints == null ? List.<LayerConstraint>of() : constraints) {
                if (!(c instanceof SpectralNormConstraint)) {
                    continue;
                }
                double target = Math.sqrt(((SpectralNormConstraint) c).getBound());
                int h = conf instanceof ResidualConvUnit ? ((ResidualConvUnit) conf).getHeight() : 0;
                int w = conf instanceof ResidualConvUnit ? ((ResidualConvUnit) conf).getWidth() : 0;
                for (String p : c.getParams()) {
                    if (!layer.paramTable().containsKey(p)) {
                        continue;
                    }
                    INDArray weight = layer.getParam(p); // a view: scaling it edits the layer
                    String key = conf.getLayerName() + "_" + p;
                    if (certifiedBelow(weight, h, w, target)) {
                        // the cheap certificate (a Cholesky factorisation) suffices: left alone, norm not computed
                        out.put(key, new Projected(Double.NaN, 1, target));
                        continue;
                    }
                    double before = norm(weight, h, w);
                    double factor = scaleToAtMost(weight, before, target);
                    double after = factor == 1 ? before * Math.sqrt(1 + EIGEN_ALLOWANCE) : target;
                    out.put(key, new Projected(before, factor, after));
                }
            }
        }
        return out;
    }
}
