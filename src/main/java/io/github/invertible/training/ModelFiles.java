package io.github.invertible.training;

import io.github.invertible.common.AtomicFiles;
import io.github.invertible.common.Checksums;
import io.github.invertible.common.Json;
import io.github.invertible.common.UserError;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A trained model as shipped: {@code NAME.zip} (DL4J's format, no updater state) that describes itself — its
 * {@link ModelMetadata} is stored inside the zip as a JSON object entry — and the same metadata beside it as
 * {@code NAME.json} (with the zip's SHA-256, which the copy inside cannot hold). Zips of earlier releases have
 * no entry and still load; their metadata is only the .json.
 */
public final class ModelFiles {
    /** Key of the metadata entry ({@code ModelSerializer.addObjectToFile}). */
    public static final String METADATA_KEY = "model_metadata";

    private ModelFiles() {
    }

    /** Writes the zip (metadata inside) and then the .json; both atomically. Returns the metadata with the zip's hash. */
    public static ModelMetadata write(ComputationGraph net, ModelMetadata meta, Path zip, Path json) {
        try {
            String inside = Json.MAPPER.writeValueAsString(meta.withModelSha256(null));
            AtomicFiles.write(zip, tmp -> {
                ModelSerializer.writeModel(net, tmp.toFile(), false);
                ModelSerializer.addObjectToFile(tmp.toFile(), METADATA_KEY, inside);
            });
        } catch (IOException | RuntimeException e) {
            throw new UserError("cannot write " + zip + " (" + e.getMessage() + ")", e);
        }
        ModelMetadata full = meta.withModelSha256(Checksums.sha256(zip));
        Json.write(json, full);
        return full;
    }

    /** The metadata stored inside {@code zip}, or empty for a zip of an earlier release (or not ours). */
    public static Optional<ModelMetadata> readEmbedded(Path zip) {
        File f = zip.toFile();
        try {
            if (!ModelSerializer.listObjectsInFile(f).contains(METADATA_KEY)) {
                return Optional.empty();
            }
            String json = ModelSerializer.getObjectFromFile(f, METADATA_KEY);
            return Optional.of(Json.MAPPER.readValue(json, ModelMetadata.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
