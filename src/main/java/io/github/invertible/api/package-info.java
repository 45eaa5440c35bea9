/**
 * The library's entry point for other DL4J projects: {@link io.github.invertible.api.InvertibleNetwork} loads a
 * trained model zip (a DL4J {@code ComputationGraph}) and recovers inputs from its hidden representation with a
 * certificate, in a few lines (examples/consumer). Everything below it (inversion, model, data) stays usable
 * directly for more control.
 */
package io.github.invertible.api;
