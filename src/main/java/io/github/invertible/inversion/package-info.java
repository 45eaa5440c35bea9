/**
 * Inverses of the invertible pieces of a residual rectifier network (DESIGN §2), in double precision.
 *
 * <ul>
 *   <li>Residual units: {@link io.github.invertible.inversion.DenseResidualInverter} (per-sample direct
 *       solves, parallel over samples) and {@link io.github.invertible.inversion.ConvResidualInverter}
 *       (batched, matrix-free Krylov; float iterations refined and certified in double), both {@code invert(y, InverseMethod, InverseOptions)} returning a
 *       {@link io.github.invertible.inversion.BatchInversion}: the recovered batch plus per-sample status,
 *       iterations and certified residual ‖F(x̂) − y‖/‖y‖. Only RECOVERED results are certified.</li>
 *   <li>Rectifier linear transforms: {@link io.github.invertible.inversion.RltInverter}.</li>
 *   <li>Other pieces: {@link io.github.invertible.inversion.ChannelPadding},
 *       {@link io.github.invertible.inversion.SpaceToDepthInverse},
 *       {@link io.github.invertible.inversion.BatchNormAffine}.</li>
 *   <li>Invertibility evidence: {@link io.github.invertible.inversion.DenseInvertibilityCheck}.</li>
 * </ul>
 *
 * Dense linear algebra is plain Java on purpose: nd4j-native M2.1's LAPACK getrf crashes for n ≥ 100 on
 * threads with the default stack, its batched solve is very slow and NDLinalg.svd fails (see
 * {@link io.github.invertible.inversion.DenseLu}).
 */
package io.github.invertible.inversion;
