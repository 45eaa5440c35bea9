/**
 * Small utilities every layer may use: JSON, atomic file writes, SHA-256 checksums and the description of the
 * run environment (machine, backend, git commit). Depends on no other package of the project (DESIGN §1.1).
 */
package io.github.invertible.common;
