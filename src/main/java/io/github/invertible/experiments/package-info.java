/**
 * The experiments of the report (DESIGN §6): F1 random rectifier transforms, F2 random residual units, F3/T1
 * network inversion, T2 accuracy, T3 the accuracy-invertibility frontier, and beyond the paper F4, F5 and T1 by
 * depth; each computes its results and writes its CSV and PNG files. The assembly of the report from those files
 * is here too. Methods are enumerated from {@link io.github.invertible.inversion.InverseMethod}; the models come
 * from {@link io.github.invertible.references.ReferenceModels}.
 */
package io.github.invertible.experiments;
