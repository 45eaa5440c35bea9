package io.github.invertible.data;

/**
 * One published file of a dataset: its usual name, the SHA-256 and the length of its raw (uncompressed) content.
 * A descriptor lists them in {@link IdxRole} order.
 */
public record DataFile(String fileName, String sha256, long length) {
}
