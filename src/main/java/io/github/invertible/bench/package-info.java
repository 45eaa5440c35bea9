/**
 * The measurements behind the {@code benchmark} command (DESIGN §10): training and inversion wall time, the graph
 * variants an optimisation is compared against, the float matrix-multiply peak that B1's efficiency divides by, the
 * peak memory of a job run in a fresh JVM, ND4J's per-op time profile, and the rows read from training records
 * rather than measured. Nothing here is part of the report's experiments; the benchmark table is written by the
 * command.
 */
package io.github.invertible.bench;
