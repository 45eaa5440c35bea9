/**
 * The picocli commands ({@code train}, {@code invert}, {@code experiments}, {@code reproduce},
 * {@code benchmark}): option ranges, output-folder probes before any work, one-line user errors (README,
 * "Fail fast").
 */
package io.github.invertible.cli;
