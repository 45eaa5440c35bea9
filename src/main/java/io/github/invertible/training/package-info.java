/**
 * Training of the networks (DESIGN §1.1) on any dataset (§9): the trainer with its validation split, progress bar,
 * NaN guard and augmentation, the
 * one-file atomic checkpoint with exact resume, the lock per model name and the self-describing model files
 * (README, "Crash safety").
 */
package io.github.invertible.training;
