/**
 * Shared plumbing every layer may use: JSON, atomic writes (temp + fsync + rename) and orphan clean-up,
 * SHA-256 checksums, output-folder probes, {@link io.github.invertible.common.UserError} (one-line errors,
 * exit code 2) and the run environment recorded with every result. Depends on no other package of the
 * project (DESIGN §1.1).
 */
package io.github.invertible.common;
