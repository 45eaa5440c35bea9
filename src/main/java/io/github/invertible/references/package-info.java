/**
 * The reference models: the registry of every model this project trains and ships in {@code model/}, each with the
 * training options that made it, its seeds and its dataset, and the loading of the shipped zips for the experiments
 * that run on them. The experiments and the report read this registry; it depends on none of them.
 */
package io.github.invertible.references;
