package io.github.invertible.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.LayerConstraint;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spectral norms of the residual units' linear maps with a certificate (DESIGN §3.7): the largest eigenvalue of
 * the Gram matrix of the whole operator, computed densely in double (EJML), and an upper bound
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

    /**
     * Largest eigenvalue of a symmetric n×n matrix (row-major, left unchanged), by EJML's symmetric eigensolver
     * (Householder tridiagonalisation and implicit QR, values only, double; backward stable as LAPACK's dsyev, which
     * it replaces: ND4J's LAPACK path was measured wrong on an AVX-512 machine, DESIGN §3.7). The project's one exact
     * dense norm: ‖A‖₂² is this of AᵀA ({@link #norm}, {@link SpectralNorms#exactDense}).
     */
    public static double largestEigenvalue(double[] symmetric, int n) {
        if (n == 0) {
            return 0;
        }
        DMatrixRMaj g = new DMatrixRMaj(n, n);
        System.arraycopy(symmetric, 0, g.data, 0, n * n);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eig.decompose(g)) {
            throw new IllegalStateException("symmetric eigensolver failed (order " + n + ")");
        }
        double top = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = eig.getEigenvalue(i).getReal();
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("matrix has NaN or infinite entries");
            }
            top = Math.max(top, v);
        }
        return top;
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

    /**
     * The exact operator norm of a residual unit's weight: a conv kernel as the SAME stride-1 convolution on H×W
     * images, or a dense matrix (height and width unused), from the largest eigenvalue of its Gram matrix.
     */
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
    public static double absoluteNormBound(INDArray weight) {
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
     * Whether the symmetric n×n matrix {@code a} (row-major; only its lower triangle is read, and overwritten by the
     * Cholesky factor L, A = L·Lᵀ) has a Cholesky factorisation with positive pivots, i.e. is positive definite.
     * EJML's blocked Cholesky, in Java doubles: ND4J's {@code potrf} (OpenBLAS's dpotrf) was measured wrong on an
     * AVX-512 machine — it rejected positive definite matrices of order ≥ 64 and accepted a weight twice above the
     * bound — and a certificate must not rest on a kernel it cannot check. EJML stops at a pivot ≤ 0 but lets a NaN
     * pivot through (it factors [[NaN, 0], [0, 1]]), so every diagonal entry of L is checked to be finite and
     * positive as well: success then means what the hand-written factorisation it replaces meant (Cholesky's
     * backward error bound holds for any order of the sums).
     */
    static boolean choleskyPositiveDefinite(double[] a, int n) {
        if (n == 0) {
            return true;
        }
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) { // the lower triangle, mirrored: what a lower factorisation reads
            for (int j = 0; j <= i; j++) {
                m.data[i * n + j] = a[i * n + j];
                m.data[j * n + i] = a[i * n + j];
            }
        }
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
        if (!chol.decompose(m)) {
            return false;
        }
        DMatrixRMaj l = chol.getT(null);
        for (int i = 0; i < n; i++) {
            double d = l.data[i * n + i];
            if (!(d > 0) || Double.isInfinite(d)) { // also NaN
                return false;
            }
            System.arraycopy(l.data, i * n, a, i * n, i + 1);
        }
        return true;
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
