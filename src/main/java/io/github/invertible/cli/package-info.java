/**
 * The picocli commands ({@code train}, {@code invert}, {@code experiments}, {@code reproduce},
 * {@code benchmark}, {@code ui}): typed options with their ranges, output-folder probes before any work,
 * one-line user errors (exit code 2), and the hand-over to the Java API of the other packages (DESIGN §1.1).
 */
package io.github.invertible.cli;
