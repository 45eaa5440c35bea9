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
 *   <li>One class per invertible family (DESIGN §3): {@link io.github.invertible.inversion.ConvResidualUnit},
 *       {@link io.github.invertible.inversion.DenseResidualUnit},
 *       {@link io.github.invertible.inversion.SpaceToDepthInverse}; one
 *       {@link io.github.invertible.inversion.InvertiblePiece} per family (forward, JVP, VJP, inverse, output shape),
 *       the residual units behind {@link io.github.invertible.inversion.ResidualOperator};
 *       {@link io.github.invertible.inversion.FeatureStageInverter}
 *       chains them, built through {@link io.github.invertible.model.InvertibleLayer}.</li>
 *   <li>Inverse methods (DESIGN §4): the registry {@link io.github.invertible.inversion.InverseMethod}, one
 *       {@link io.github.invertible.inversion.InverseStrategy} per method, run on convolutional units by
 *       {@link io.github.invertible.inversion.ConvDriver} in mixed or all-double precision (DESIGN §5).</li>
 *   <li>Invertibility evidence: {@link io.github.invertible.inversion.DenseInvertibilityCheck}.</li>
 * </ul>
 *
 * Dense linear algebra is plain Java on purpose: nd4j-native M2.1's LAPACK getrf crashes for n ≥ 100 on
 * threads with the default stack, its batched solve is very slow and NDLinalg.svd fails (see
 * {@link io.github.invertible.inversion.DenseLu}).
 */
package io.github.invertible.inversion;
