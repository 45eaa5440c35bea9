/**
 * The invertible families of the feature stage, each in one class with its forward map and its inverse side by side
 * (DESIGN §3): {@link io.github.invertible.inversion.piece.InvertiblePiece} is the contract (forward, JVP,
 * vector–Jacobian product, inverse, output shape), one record per family ({@code SqueezePiece},
 * {@code ChannelPadPiece}, {@code ConvUnitPiece}, {@code DenseUnitPiece}, {@code RectifierPiece}); the residual units'
 * mathematics ({@link io.github.invertible.inversion.piece.ConvResidualMap},
 * {@link io.github.invertible.inversion.piece.DenseResidualMap}) behind one
 * {@link io.github.invertible.inversion.piece.ResidualOperator}: forward, activation pattern, Jacobian and its adjoint
 * at a pattern. Inverse methods see only these interfaces; no code tests a piece's type.
 */
package io.github.invertible.inversion.piece;
