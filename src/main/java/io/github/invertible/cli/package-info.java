/**
 * Command-line entry points (picocli): {@code train}, {@code invert}, {@code experiments}, {@code reproduce},
 * {@code benchmark}. Options are validated here and handed to the Java API of the other packages as typed
 * configuration (DESIGN §1.1).
 */
package io.github.invertible.cli;
