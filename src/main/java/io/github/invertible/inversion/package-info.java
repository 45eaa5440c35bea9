/**
 * Inverting a network's feature stage (DESIGN §2): the inverse methods and the drivers that run them. The
 * invertible families themselves (forward and inverse side by side) are in {@code inversion.piece}, the dense
 * linear algebra and Krylov solvers in {@code inversion.linalg}, and the single rectifier linear transform of F1
 * in {@code inversion.rlt}.
 *
 * <ul>
 *   <li>Residual units: {@link io.github.invertible.inversion.DenseResidualInverter} (per-sample direct
 *       solves, parallel over samples) and {@link io.github.invertible.inversion.ConvResidualInverter}
 *       (batched, matrix-free Krylov; float iterations refined and certified in double), both {@code invert(y, InverseMethod, InverseOptions)} returning a
 *       {@link io.github.invertible.inversion.BatchInversion}: the recovered batch plus per-sample status,
 *       iterations and certified residual ‖F(x̂) − y‖/‖y‖. Only RECOVERED results are certified.</li>
 *   <li>Rectifier linear transforms: {@link io.github.invertible.inversion.rlt.RltInverter}.</li>
 *   <li>One class per invertible family (DESIGN §3): {@link io.github.invertible.inversion.piece.ConvResidualMap},
 *       {@link io.github.invertible.inversion.piece.DenseResidualMap},
 *       {@link io.github.invertible.inversion.piece.SpaceToDepthInverse}; one
 *       {@link io.github.invertible.inversion.piece.InvertiblePiece} per family (forward, JVP, VJP, inverse, output shape),
 *       the residual units behind {@link io.github.invertible.inversion.piece.ResidualOperator};
 *       {@link io.github.invertible.inversion.FeatureStageInverter}
 *       chains them, built through {@link io.github.invertible.model.InvertibleLayer}.</li>
 *   <li>Inverse methods (DESIGN §4): the registry {@link io.github.invertible.inversion.InverseMethod}, one
 *       {@link io.github.invertible.inversion.InverseStrategy} per method, run on convolutional units by
 *       {@link io.github.invertible.inversion.ConvDriver} in mixed or all-double precision (DESIGN §5).</li>
 *   <li>Invertibility evidence: {@link io.github.invertible.inversion.linalg.DenseInvertibilityCheck}.</li>
 * </ul>
 *
 */
package io.github.invertible.inversion;
