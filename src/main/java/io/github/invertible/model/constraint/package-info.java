/**
 * The residual-branch constraints, one class per case of {@link io.github.invertible.model.ConstraintMode}
 * (DESIGN §3.5): {@link io.github.invertible.model.constraint.Tied}, {@link
 * io.github.invertible.model.constraint.Lipschitz} and {@link io.github.invertible.model.constraint.Unconstrained},
 * listed once in {@link io.github.invertible.model.constraint.Constraints}. A new constraint is one class here and
 * one line in that list.
 */
package io.github.invertible.model.constraint;
