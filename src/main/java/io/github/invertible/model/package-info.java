/**
 * DL4J layer configurations and the network factory (DESIGN §1.2): the residual units and channel padding as
 * custom SameDiff layers (their {@code defineLayer} is the training path), constraint modes and spectral norms
 * (DESIGN §3.5), and {@link io.github.invertible.model.InvertibleLayer}, through which each layer supplies its
 * invertible piece (DESIGN §3).
 */
package io.github.invertible.model;
