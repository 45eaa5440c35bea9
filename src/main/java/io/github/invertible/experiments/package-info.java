/**
 * The experiments of the report (DESIGN §6): F1 random rectifier transforms, F2 random residual units, F3/T1
 * network inversion, T2 accuracy, the benchmarks, the reference models and the assembly of the report. Methods
 * are enumerated from {@link io.github.invertible.inversion.InverseMethod}.
 */
package io.github.invertible.experiments;
