/**
 * F1's single rectifier linear transform y = relu(Wx + b): whether the active rows determine x, and x recovered from
 * them ({@link io.github.invertible.inversion.rlt.RltInverter}), with the outcome of each case
 * ({@link io.github.invertible.inversion.rlt.RltOutcome}).
 */
package io.github.invertible.inversion.rlt;
