package io.github.invertible.inversion;

import io.github.invertible.inversion.linalg.BatchedKrylov;
import io.github.invertible.inversion.linalg.ConvOperatorNorm;
import io.github.invertible.inversion.linalg.DenseLu;
import io.github.invertible.inversion.linalg.Matrices;
import io.github.invertible.inversion.linalg.SingularValues;
import io.github.invertible.inversion.piece.ConvResidualMap;
import io.github.invertible.inversion.piece.DenseResidualMap;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvResidualInverterTest {

    private static final int C = 2;
    private static final int K = 3;
    private static final int H = 5;
    private static final int W = 4;

    private static INDArray gaussian(Random rnd, long... shape) {
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, rnd.nextGaussian());
        }
        return a;
    }

    /** Column j = conv applied to the j-th unit image: the dense matrix of a linear map on images. */
    private static double[][] materialise(UnaryOperator<INDArray> linear, int in, int out) {
        int d = in * H * W;
        INDArray basis = Nd4j.eye(d).castTo(DataType.DOUBLE).reshape(d, in, H, W);
        INDArray cols = linear.apply(basis).reshape(d, (long) out * H * W); // row j = image of e_j
        return cols.transpose().toDoubleMatrix();
    }

    /** The same unit as a dense residual unit acting on flattened NCHW images. */
    private static DenseResidualMap dense(ConvResidualMap u, INDArray b1, INDArray b2) {
        double[][] a1 = materialise(u::convIn, C, K);
        double[][] a2 = materialise(u::convOut, K, C);
        double[] bb1 = b1.reshape(K, 1, 1).broadcast(K, H, W).dup().reshape(-1).toDoubleVector();
        double[] bb2 = b2.reshape(C, 1, 1).broadcast(C, H, W).dup().reshape(-1).toDoubleVector();
        return new DenseResidualMap(a1, bb1, a2, bb2);
    }

    private static ConvResidualMap scaledUnit(Random rnd, double lipschitz, boolean tied) {
        INDArray w1 = gaussian(rnd, K, C, 3, 3);
        INDArray b1 = gaussian(rnd, K).muli(0.1);
        INDArray b2 = gaussian(rnd, C).muli(0.1);
        INDArray w2 = tied ? ConvResidualMap.adjointKernel(w1) : gaussian(rnd, C, K, 3, 3);
        ConvResidualMap raw = new ConvResidualMap(w1, b1, w2, b2);
        double n1 = SingularValues.spectralNorm(materialise(raw::convIn, C, K));
        double n2 = SingularValues.spectralNorm(materialise(raw::convOut, K, C));
        double s = Math.sqrt(lipschitz);
        return new ConvResidualMap(w1.div(n1).muli(s), b1, w2.div(n2).muli(s), b2);
    }

    private static double maxRelativeError(INDArray a, INDArray b) {
        long n = a.size(0);
        INDArray fa = a.reshape(n, -1);
        INDArray fb = b.reshape(n, -1);
        double[] e = fa.sub(fb).norm2(1).toDoubleVector();
        double[] nb = fb.norm2(1).toDoubleVector();
        double m = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, e[i] / nb[i]);
        }
        return m;
    }

    @Test
    void adjointKernelIsTheAdjointOperator() {
        Random rnd = new Random(21);
        INDArray w1 = gaussian(rnd, K, C, 3, 3);
        ConvResidualMap u = new ConvResidualMap(w1, Nd4j.zeros(DataType.DOUBLE, K),
                ConvResidualMap.adjointKernel(w1), Nd4j.zeros(DataType.DOUBLE, C));
        double[][] a1 = materialise(u::convIn, C, K);
        double[][] a2 = materialise(u::convOut, K, C);
        for (int i = 0; i < a2.length; i++) {
            for (int j = 0; j < a2[0].length; j++) {
                assertEquals(a1[j][i], a2[i][j], 1e-12);
            }
        }
        assertEquals(1.0, u.tiedScale(), 1e-12);
    }

    @Test
    void forwardMatchesMaterialisedDenseUnit() {
        Random rnd = new Random(22);
        INDArray b1 = gaussian(rnd, K);
        INDArray b2 = gaussian(rnd, C);
        ConvResidualMap u = new ConvResidualMap(gaussian(rnd, K, C, 3, 3), b1, gaussian(rnd, C, K, 3, 3), b2);
        DenseResidualMap d = dense(u, u.b1(), u.b2());
        INDArray x = gaussian(rnd, 3, C, H, W);
        INDArray viaDense = d.forward(x.reshape(3, -1));
        assertTrue(maxRelativeError(u.forward(x).reshape(3, -1), viaDense) < 1e-12);
    }

    @Test
    void matrixFreeSolveAgreesWithDenseSolveOfMaterialisedOperator() {
        Random rnd = new Random(23);
        for (boolean tied : new boolean[]{false, true}) {
            ConvResidualMap u = scaledUnit(rnd, 3, tied);
            int n = 3;
            INDArray mask = gaussian(rnd, n, K, H, W).gt(0).castTo(DataType.DOUBLE);
            INDArray b = gaussian(rnd, n, C, H, W);
            UnaryOperator<INDArray> op = v -> u.applyJacobian(v.reshape(n, C, H, W), mask).reshape(n, -1);
            BatchedKrylov.Result r = tied
                    ? BatchedKrylov.cg(op, b.reshape(n, -1), Nd4j.zeros(DataType.DOUBLE, n, C * H * W), BatchedKrylov.uniform(n, 1e-13), 500)
                    : BatchedKrylov.bicgstab(op, b.reshape(n, -1), Nd4j.zeros(DataType.DOUBLE, n, C * H * W), BatchedKrylov.uniform(n, 1e-13), 500);
            for (int s = 0; s < n; s++) {
                int fs = s;
                INDArray ms = mask.get(org.nd4j.linalg.indexing.NDArrayIndex.point(s)).reshape(1, K, H, W);
                double[][] a = materialise(v -> u.applyJacobian(v, ms.broadcast(v.size(0), K, H, W)), C, C);
                double[] ref = DenseLu.factor(a, 1e-13).solve(b.get(org.nd4j.linalg.indexing.NDArrayIndex.point(fs))
                        .reshape(-1).toDoubleVector());
                double[] got = r.x().getRow(s).toDoubleVector();
                assertTrue(Matrices.distance(ref, got) < 1e-9 * Matrices.norm(ref), "tied=" + tied + " sample " + s);
            }
        }
    }

    @Test
    void allMethodsRecoverContractiveConvUnits() {
        Random rnd = new Random(24);
        InverseOptions strict = InverseOptions.defaults().withTolerance(1e-10).withTargetResidual(1e-14)
                .withMaxIterations(400).withKrylov(1e-14, 400);
        for (int trial = 0; trial < 2; trial++) {
            ConvResidualMap u = scaledUnit(rnd, 0.8, false);
            INDArray x = gaussian(rnd, 6, C, H, W);
            INDArray y = u.forward(x);
            ConvResidualInverter inv = new ConvResidualInverter(u);
            for (InverseMethod m : InverseMethod.values()) {
                BatchInversion r = inv.invert(y, m, strict);
                assertTrue(r.allRecovered(), m + " " + r);
                assertTrue(maxRelativeError(r.x(), x) < 1e-10, m + " error " + maxRelativeError(r.x(), x));
            }
        }
    }

    @Test
    void proposedInvertsTiedConvUnitsAtLargeScaleAndAgreesWithDenseInverse() {
        Random rnd = new Random(25);
        int existingFailures = 0;
        for (int trial = 0; trial < 3; trial++) {
            ConvResidualMap u = scaledUnit(rnd, 5, true);
            INDArray x = gaussian(rnd, 20, C, H, W);
            INDArray y = u.forward(x);
            ConvResidualInverter inv = new ConvResidualInverter(u);
            assertTrue(inv.usesConjugateGradients());
            BatchInversion r = inv.invert(y, InverseMethod.PROPOSED, InverseOptions.defaults());
            assertTrue(r.allRecovered(), r.toString());
            assertTrue(maxRelativeError(r.x(), x) < 1e-8);
            // the dense inverse of the materialised unit (direct LU solves) lands on the same points
            DenseResidualMap d = dense(u, u.b1(), u.b2());
            BatchInversion viaDense = new DenseResidualInverter(d).invert(y.reshape(20, -1), InverseMethod.PROPOSED,
                    InverseOptions.defaults());
            assertTrue(viaDense.allRecovered());
            assertTrue(maxRelativeError(r.x().reshape(20, -1), viaDense.x()) < 1e-8);
            // a smaller budget keeps the test fast; the certificate decides the status either way
            BatchInversion e = inv.invert(y, InverseMethod.EXISTING, InverseOptions.defaults().withMaxIterations(60));
            for (int i = 0; i < 20; i++) {
                assertEquals(e.residual()[i] < 1e-6, e.recovered(i));
                existingFailures += e.recovered(i) ? 0 : 1;
            }
        }
        assertTrue(existingFailures > 0);
    }

    @Test
    void absoluteNormBoundBoundsTheMaterialisedOperators() {
        Random rnd = new Random(28);
        INDArray w1 = gaussian(rnd, K, C, 3, 3);
        INDArray abs = org.nd4j.linalg.ops.transforms.Transforms.abs(w1, true);
        ConvResidualMap u = new ConvResidualMap(w1, Nd4j.zeros(DataType.DOUBLE, K), gaussian(rnd, C, K, 3, 3),
                Nd4j.zeros(DataType.DOUBLE, C));
        ConvResidualMap uAbs = new ConvResidualMap(abs, Nd4j.zeros(DataType.DOUBLE, K), gaussian(rnd, C, K, 3, 3),
                Nd4j.zeros(DataType.DOUBLE, C));
        double normW = SingularValues.spectralNorm(materialise(u::convIn, C, K));
        double normAbs = SingularValues.spectralNorm(materialise(uAbs::convIn, C, K));
        double bound = ConvOperatorNorm.absoluteNormBound(w1);
        assertTrue(bound >= normAbs * (1 - 1e-12) && normAbs >= normW * (1 - 1e-12), bound + " " + normAbs + " " + normW);
        // Schur's bound is not loose by much for a dense 3x3 kernel on a 5x4 image
        assertTrue(bound < 2 * normAbs, bound + " vs " + normAbs);
    }

    @Test
    void powerIterationNormMatchesSvdOfMaterialisedConvolution() {
        Random rnd = new Random(27);
        INDArray w1 = gaussian(rnd, K, C, 3, 3);
        ConvResidualMap u = new ConvResidualMap(w1, Nd4j.zeros(DataType.DOUBLE, K), gaussian(rnd, C, K, 3, 3),
                Nd4j.zeros(DataType.DOUBLE, C));
        double ref1 = SingularValues.spectralNorm(materialise(u::convIn, C, K));
        double ref2 = SingularValues.spectralNorm(materialise(u::convOut, K, C));
        double est = ConvOperatorNorm.spectralNorm(w1, H, W, 1e-9, 1000, 3);
        assertTrue(est <= ref1 * (1 + 1e-12) && est > ref1 * (1 - 1e-3), est + " vs " + ref1);
        double bound = ConvOperatorNorm.lipschitzBound(u, H, W);
        assertEquals(ref1 * ref2, bound, 1e-3 * ref1 * ref2);
    }

    @Test
    void rejectsNonFiniteInput() {
        Random rnd = new Random(26);
        ConvResidualMap u = scaledUnit(rnd, 0.5, false);
        INDArray y = gaussian(rnd, 2, C, H, W);
        y.putScalar(new long[]{1, 1, 2, 2}, Double.POSITIVE_INFINITY);
        assertThrows(IllegalArgumentException.class,
                () -> new ConvResidualInverter(u).invert(y, InverseMethod.PROPOSED, InverseOptions.defaults()));
    }
    @Test
    void mixedPrecisionAgreesWithAllDoubleSolve() {
        Random rnd = new Random(31);
        InverseOptions strict = InverseOptions.defaults().withTargetResidual(1e-13).withKrylov(1e-13, 400)
                .withMaxIterations(400);
        for (boolean tied : new boolean[]{false, true}) {
            ConvResidualMap u = scaledUnit(rnd, tied ? 3 : 0.8, tied);
            INDArray x = gaussian(rnd, 8, C, H, W);
            INDArray y = u.forward(x);
            for (InverseMethod m : InverseMethod.values()) {
                if (tied && m == InverseMethod.EXISTING) {
                    continue; // not expected to converge at this scale
                }
                BatchInversion ref = new ConvResidualInverter(u).mixedPrecision(false).invert(y, m, strict);
                ConvResidualInverter mixedInv = new ConvResidualInverter(u);
                assertTrue(mixedInv.mixedPrecision());
                BatchInversion mixed = mixedInv.invert(y, m, strict);
                assertTrue(ref.allRecovered() && mixed.allRecovered(), m + " tied=" + tied + " " + ref + " " + mixed);
                assertTrue(maxRelativeError(mixed.x(), ref.x()) <= 1e-9,
                        m + " tied=" + tied + " differs by " + maxRelativeError(mixed.x(), ref.x()));
                // the reported residual is the double one at the returned x (also where it was reused)
                double[] again = mixedInv.relativeResiduals(mixed.x(), y);
                for (int i = 0; i < again.length; i++) {
                    assertEquals(again[i], mixed.residual()[i], 1e-14 + 1e-6 * again[i], m + " sample " + i);
                }
            }
        }
    }

    @Test
    void incrementalCertificateMatchesDoubleForward() {
        Random rnd = new Random(33);
        ConvResidualMap u = scaledUnit(rnd, 4, true);
        int n = 24;
        INDArray x = gaussian(rnd, n, C, H, W);
        INDArray y = u.forward(x);
        ConvResidualInverter inv = new ConvResidualInverter(u);
        BatchInversion r = inv.invert(y, InverseMethod.PROPOSED, InverseOptions.defaults());
        assertTrue(r.allRecovered(), r.toString());
        // most samples are certified by the float residual from a double base: fewer than two double passes each
        assertTrue(inv.doubleForwardCount() < 2L * n, "double forwards " + inv.doubleForwardCount());
        double[] again = inv.relativeResiduals(r.x(), y);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            assertTrue(r.residual()[i] < 1e-10 && again[i] < 1e-10, "sample " + i + ": " + r.residual()[i] + " vs " + again[i]);
            worst = Math.max(worst, Math.abs(again[i] - r.residual()[i]));
        }
        // the float estimate from a double base (error ~1e-7 of a base residual ~1e-6..1e-7) is 100x more exact
        // than the target; its a-priori bound is looser and only has to stay below the tolerance
        assertTrue(worst < 1e-12, "estimate off by " + worst);
        assertTrue(maxRelativeError(r.x(), x) < 1e-8);
        // the second double pass it replaces certifies the same points: every sample costs two double passes there
        ConvResidualInverter twoPasses = new ConvResidualInverter(u).certifyFromBase(false);
        BatchInversion r2 = twoPasses.invert(y, InverseMethod.PROPOSED, InverseOptions.defaults());
        assertTrue(r2.allRecovered(), r2.toString());
        assertTrue(twoPasses.doubleForwardCount() >= 2L * n, "double forwards " + twoPasses.doubleForwardCount());
        assertTrue(maxRelativeError(r2.x(), r.x()) < 1e-12, "differ by " + maxRelativeError(r2.x(), r.x()));
    }

    @Test
    void chunkedInversionMatchesOneBatch() {
        Random rnd = new Random(32);
        ConvResidualMap u = scaledUnit(rnd, 4, true);
        INDArray x = gaussian(rnd, 13, C, H, W);
        INDArray y = u.forward(x);
        ConvResidualInverter wholeInverter = new ConvResidualInverter(u);
        BatchInversion whole = wholeInverter.invert(y, InverseMethod.PROPOSED, InverseOptions.defaults());
        ConvResidualInverter chunkedInverter = new ConvResidualInverter(u).chunkSize(5);
        BatchInversion chunked = chunkedInverter.invert(y, InverseMethod.PROPOSED, InverseOptions.defaults());
        assertTrue(whole.allRecovered() && chunked.allRecovered());
        // work is counted per sample: every certified sample costs at least one double forward pass, and the
        // samples take the same path whether they share a batch or not
        assertTrue(wholeInverter.doubleForwardCount() >= 13, "double forwards " + wholeInverter.doubleForwardCount());
        assertTrue(wholeInverter.matVecCount() >= 13, "mat-vecs " + wholeInverter.matVecCount());
        assertEquals(wholeInverter.doubleForwardCount(), chunkedInverter.doubleForwardCount());
        assertEquals(13, chunked.size());
        assertTrue(maxRelativeError(chunked.x(), whole.x()) < 1e-9);
        assertTrue(maxRelativeError(chunked.x(), x) < 1e-8);
    }

    @Test
    void loopWorkspacesDoNotChangeTheResult() {
        Random rnd = new Random(34);
        ConvResidualMap u = scaledUnit(rnd, 4, true);
        INDArray x = gaussian(rnd, 12, C, H, W);
        INDArray y = u.forward(x);
        BatchInversion with = new ConvResidualInverter(u).invert(y, InverseMethod.PROPOSED, InverseOptions.defaults());
        BatchInversion without;
        LoopWorkspace.setEnabled(false);
        try {
            without = new ConvResidualInverter(u).invert(y, InverseMethod.PROPOSED, InverseOptions.defaults());
        } finally {
            LoopWorkspace.setEnabled(true);
        }
        assertTrue(with.allRecovered() && without.allRecovered());
        assertEquals(0, maxRelativeError(with.x(), without.x()), 1e-14);
        assertArrayEquals(with.iterations(), without.iterations());
    }

    /** W1 = identity tap, W2 = −identity tap, b = 0: F(x) = x − σ(x) = min(x, 0), whose range is y ≤ 0. */
    private static ConvResidualMap minZeroUnit() {
        INDArray id = Nd4j.zeros(DataType.DOUBLE, C, C, 3, 3);
        for (int c = 0; c < C; c++) {
            id.putScalar(new long[]{c, c, 1, 1}, 1.0);
        }
        return new ConvResidualMap(id, Nd4j.zeros(DataType.DOUBLE, C), id.neg(), Nd4j.zeros(DataType.DOUBLE, C));
    }

    @Test
    void perturbedOutputOffTheRangeIsNotRecovered() {
        ConvResidualMap u = minZeroUnit();
        Random rnd = new Random(33);
        INDArray y = u.forward(gaussian(rnd, 4, C, H, W));
        for (int s = 0; s < 4; s++) {
            y.putScalar(new long[]{s, s % C, 2, 1}, 0.5 + s); // positive entries: no preimage
        }
        InverseOptions o = InverseOptions.defaults().withMaxIterations(40).withKrylov(1e-10, 60);
        for (boolean mixed : new boolean[]{true, false}) {
            ConvResidualInverter inv = new ConvResidualInverter(u).mixedPrecision(mixed);
            for (InverseMethod m : InverseMethod.values()) {
                BatchInversion r = inv.invert(y, m, o);
                assertEquals(0, r.recoveredCount(), m + " mixed=" + mixed + " " + r);
                for (int i = 0; i < 4; i++) {
                    assertTrue(!(r.residual()[i] < o.tolerance()), m + " residual " + r.residual()[i]);
                }
            }
        }
    }

    @Test
    void newtonSystemsLeftUnsolvedStopTheSampleAsSingular() {
        // F(x) = min(x, 0) again: where y > 0 the start x = y lies on the region where the Jacobian I − I is zero,
        // so the Newton system has no solution there and every Krylov solve ends with its residual untouched
        ConvResidualMap u = minZeroUnit();
        INDArray y = u.forward(gaussian(new Random(35), 3, C, H, W));
        y.putScalar(new long[]{1, 0, 2, 2}, 1.5); // sample 1 only: no preimage, singular Newton systems
        InverseOptions o = InverseOptions.defaults().withKrylov(1e-10, 60);
        for (boolean mixed : new boolean[]{true, false}) {
            BatchInversion r = new ConvResidualInverter(u).mixedPrecision(mixed).invert(y, InverseMethod.PROPOSED, o);
            assertEquals(InverseStatus.SINGULAR, r.status()[1], "mixed=" + mixed + " " + r);
            assertEquals(ConvInversionState.UNSOLVED_STEPS, r.iterations()[1], "mixed=" + mixed);
            assertEquals(InverseStatus.RECOVERED, r.status()[0], "mixed=" + mixed + " " + r);
            assertEquals(InverseStatus.RECOVERED, r.status()[2], "mixed=" + mixed + " " + r);
        }
    }

    @Test
    void proposedRecoversTiedUnitsWithBoundAtLeastFour() {
        Random rnd = new Random(34);
        for (double bound : new double[]{4, 8}) {
            ConvResidualMap u = scaledUnit(rnd, bound, true);
            INDArray x = gaussian(rnd, 16, C, H, W);
            INDArray y = u.forward(x);
            BatchInversion r = new ConvResidualInverter(u).invert(y, InverseMethod.PROPOSED, InverseOptions.defaults());
            assertTrue(r.allRecovered(), "bound " + bound + " " + r);
            assertTrue(r.maxResidual() < 1e-6);
            assertTrue(maxRelativeError(r.x(), x) < 1e-8, "bound " + bound + " error " + maxRelativeError(r.x(), x));
        }
    }
}
