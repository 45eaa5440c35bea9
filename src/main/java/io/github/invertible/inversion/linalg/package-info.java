/**
 * Linear algebra the inverse methods share: the batched matrix-free Krylov solver of the convolutional units
 * ({@link io.github.invertible.inversion.linalg.BatchedKrylov}), the convolutional operator norm
 * ({@link io.github.invertible.inversion.linalg.ConvOperatorNorm}), dense LU and pivoted QR for the dense units'
 * per-sample solves, singular values and the invertibility evidence of a dense unit
 * ({@link io.github.invertible.inversion.linalg.DenseInvertibilityCheck}).
 *
 * <p>The per-sample dense solves are plain Java on purpose: nd4j-native M2.1's LAPACK getrf crashes for n ≥ 100 on
 * threads with the default stack, its batched solve is very slow and NDLinalg.svd fails (see
 * {@link io.github.invertible.inversion.linalg.DenseLu}); the exact dense norm and the Cholesky certificate use EJML.
 */
package io.github.invertible.inversion.linalg;
