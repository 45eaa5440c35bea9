package io.github.invertible.experiments;

import io.github.invertible.common.Json;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.report.CsvTable;
import io.github.invertible.training.ModelMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** T2: test accuracy of every trained MNIST model (from its metadata JSON) and published reference points. */
public final class AccuracyTable {
    public static final String[] COLUMNS = {"model", "arch", "constraint", "layout", "params", "epochs",
            "test_accuracy_pct", "train_minutes", "source"};

    /** Published numbers, quoted rather than measured; a blank accuracy means none was published for MNIST. */
    private static final List<Object[]> LITERATURE = List.of(
            new Object[]{"DropConnect ensemble (Wan et al. ICML 2013; state of the art on MNIST)", "conv", "none",
                    null, null, null, 99.79, null, "literature"},
            new Object[]{"i-RevNet (Jacobsen et al. ICLR 2018; reports ImageNet only - no MNIST figure)",
                    "conv", "bijective", null, null, null, null, null, "literature"},
            new Object[]{"i-ResNet (Behrmann et al. ICML 2019; MNIST accuracy in its Table 2 - not re-checked here)",
                    "conv", "lipschitz", null, null, null, null, null, "literature"});

    private AccuracyTable() {
    }

    /** Every {@code *.json} model metadata in {@code modelDir}, sorted by name, then the literature rows. */
    public static CsvTable build(Path modelDir) {
        CsvTable t = new CsvTable(COLUMNS);
        for (ModelMetadata m : metadata(modelDir)) {
            if (!m.datasetOrMnist().name().equals("mnist")) {
                continue; // other datasets' models have their rows in their own section (OtherDatasetsSection)
            }
            t.add(m.name(), m.spec().arch().toString(), m.spec().constraint().toString(), layout(m.spec(), m.datasetOrMnist().shape()),
                    m.parameters(), m.epochs(),
                    m.testAccuracyPct(), m.trainMinutes(), "measured");
        }
        LITERATURE.forEach(t::add);
        return t;
    }

    /** Widths that tell the shipped models apart, e.g. "stage 16/64 ch, K 32/64; head 2x128 conv + 256". */
    static String layout(NetworkSpec s) {
        return layout(s, io.github.invertible.common.ImageShape.MNIST);
    }

    /** The same for a network on images of {@code shape} (the dense units are C·H·W wide, DESIGN §9). */
    static String layout(NetworkSpec s, io.github.invertible.common.ImageShape shape) {
        return switch (s.arch()) {
            case CONV -> String.format(Locale.ROOT, "stage %d/%d ch, K %d/%d, %d units each; head %s%d",
                    s.convWidth1(), 4 * s.convWidth1(), s.hidden1(), s.hidden2(), s.unitsPerStage(),
                    s.headConvLayers() > 0 ? s.headConvLayers() + "x" + s.headConv() + " conv + " : "", s.headWidth());
            case DENSE -> String.format(Locale.ROOT, "%d units of width %d, k %d; head %d", s.denseUnits(),
                    shape.size(), s.denseWidth(), s.headWidth());
            case PLAINCNN -> String.format(Locale.ROOT, "conv 32, conv 64 (5x5, max pool); head %d", s.headWidth());
        };
    }

    public static List<ModelMetadata> metadata(Path modelDir) {
        if (!Files.isDirectory(modelDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(modelDir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted()
                    .map(f -> Json.read(f, ModelMetadata.class)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + modelDir, e);
        }
    }
}
