/**
 * Shared plumbing: JSON, atomic writes (temp + fsync + rename) and orphan clean-up, checksums, output-folder
 * probes, {@link io.github.invertible.common.UserError} (one-line errors, exit code 2) and the run environment
 * recorded with every result (README, "Crash safety" and "Fail fast").
 */
package io.github.invertible.common;
