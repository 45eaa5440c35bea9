package io.github.invertible.experiments;

import io.github.invertible.training.ModelMetadata;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The report's figures drawn from the models themselves: F0 (architecture) and the training curves. */
public final class ReproductionFigures {
    /** The model F0 shows: the default network. */
    public static final String F0_MODEL = "conv-tied";

    private ReproductionFigures() {
    }

    public static void write(Path modelDir, Path out) {
        List<ModelMetadata> models = AccuracyTable.metadata(modelDir);
        TrainingCurves.write(models, out);
        UnitCurves.write(models, out); // α and branch bounds per epoch, DESIGN §6.2
        Path zip = modelDir.resolve(F0_MODEL + ".zip");
        ModelMetadata meta = models.stream().filter(m -> m.name().equals(F0_MODEL)).findFirst().orElse(null);
        if (meta != null && Files.isRegularFile(zip)) {
            try {
                ComputationGraph net = ComputationGraph.load(zip.toFile(), false);
                ArchitectureFigure.write(net, F0_MODEL, meta.spec().arch(), out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + zip, e);
            }
        }
    }
}
