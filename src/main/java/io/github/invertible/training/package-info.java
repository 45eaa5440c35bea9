/**
 * Training of the networks (DESIGN §1.1): the trainer with its progress bar, NaN guard and augmentation,
 * atomic per-epoch checkpoints for resuming, and the model metadata written next to each model.
 */
package io.github.invertible.training;
