/**
 * The experiments of the report (DESIGN §6): F1 random rectifier transforms, F2 random residual units, F3/T1
 * network inversion, T2 accuracy and its recipe search, T3 the accuracy-invertibility frontier, and beyond the
 * paper F4, F5 and T1 by depth; each computes its results, writes its CSV and PNG files (their names are constants
 * of the class that writes them) and says in words what they show. The report is assembled from those files in
 * {@link io.github.invertible.experiments.report}. Methods are enumerated from
 * {@link io.github.invertible.inversion.InverseMethod}; the models come from
 * {@link io.github.invertible.references.ReferenceModels}.
 */
package io.github.invertible.experiments;
