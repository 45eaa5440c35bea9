package io.github.invertible.training;

import io.github.invertible.common.AtomicFiles;
import io.github.invertible.common.Json;
import io.github.invertible.common.OutputFolders;
import io.github.invertible.common.UserError;
import io.github.invertible.model.SpectralNorms;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One checkpoint per run, replaced after each finished epoch: ONE zip ({@code checkpoint.zip}) holding the
 * model, its updater state and the {@link CheckpointState} as a JSON object entry
 * ({@code ModelSerializer.addObjectToFile}, added to the temp file before the atomic rename). A kill at any
 * instant leaves either the previous checkpoint or the new one, never a model of one epoch with the state of
 * another (the two-file layout of earlier releases could).
 */
public final class CheckpointStore {
    /** Version of the checkpoint layout; older checkpoints are refused with a one-line message. */
    public static final int FORMAT = 2;
    static final String FILE = "checkpoint.zip";
    static final String STATE_KEY = "checkpoint_state";
    /** The spectral-norm constraints' power-iteration vectors (lipschitz:C), training state like the updater's. */
    static final String VECTORS_KEY = "power_iteration_vectors";
    /** The two files of the format-1 layout. */
    private static final List<String> OLD_FILES = List.of("last.zip", "state.json");

    private final Path dir;

    public CheckpointStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path file() {
        return dir.resolve(FILE);
    }

    /** Deletes the temp files of writes that a killed run left behind; returns them. */
    public List<Path> removeOrphans() {
        try {
            return AtomicFiles.removeOrphans(dir, FILE);
        } catch (IOException e) {
            throw new UserError(dir + ": cannot remove orphaned temp files (" + OutputFolders.reason(e) + ")", e);
        }
    }

    /** The state of the checkpoint, or empty when there is none; a checkpoint that cannot be trusted is refused. */
    public Optional<CheckpointState> state() {
        if (!Files.isRegularFile(file())) {
            for (String old : OLD_FILES) {
                if (Files.exists(dir.resolve(old))) {
                    throw new UserError("checkpoint in " + dir + " has the older two-file layout (last.zip + "
                            + "state.json), whose model and state may disagree; rerun with --fresh to discard it");
                }
            }
            return Optional.empty();
        }
        String json;
        try {
            json = ModelSerializer.getObjectFromFile(file().toFile(), STATE_KEY);
        } catch (RuntimeException e) {
            throw new UserError(file() + ": checkpoint without a readable state (" + e.getMessage()
                    + "); rerun with --fresh to discard it");
        }
        try {
            CheckpointState s = Json.MAPPER.readValue(json, CheckpointState.class);
            if (s.format() != FORMAT) {
                throw new UserError(file() + ": checkpoint format " + s.format() + ", expected " + FORMAT
                        + "; rerun with --fresh to discard it");
            }
            return Optional.of(s);
        } catch (IOException e) {
            throw new UserError(file() + ": checkpoint state is not valid JSON; rerun with --fresh to discard it");
        }
    }

    /** The model of the checkpoint, with its updater state; its epoch count must match the state's. */
    public ComputationGraph restoreModel(CheckpointState state) {
        ComputationGraph net;
        try {
            net = ModelSerializer.restoreComputationGraph(file().toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw new UserError(file() + ": cannot restore the checkpoint's model (" + e.getMessage()
                    + "); rerun with --fresh to discard it");
        }
        int modelEpochs = net.getConfiguration().getEpochCount();
        if (modelEpochs != state.epochsDone()) {
            throw new UserError(file() + ": model has " + modelEpochs + " epochs but the state says "
                    + state.epochsDone() + "; rerun with --fresh to discard it");
        }
        Map<String, Map<String, double[]>> vectors = readVectors();
        if (vectors != null) {
            SpectralNorms.restoreVectors(net, vectors);
        }
        return net;
    }

    public void save(ComputationGraph net, CheckpointState state) {
        try {
            String json = Json.MAPPER.writeValueAsString(state);
            AtomicFiles.write(file(), tmp -> {
                ModelSerializer.writeModel(net, tmp.toFile(), true);
                ModelSerializer.addObjectToFile(tmp.toFile(), STATE_KEY, json);
                var vectors = SpectralNorms.vectorState(net);
                if (!vectors.isEmpty()) {
                    ModelSerializer.addObjectToFile(tmp.toFile(), VECTORS_KEY, vectors);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new UserError("cannot write checkpoint " + file() + " (" + e.getMessage() + ")", e);
        }
    }

    /** The saved power-iteration vectors, or null when the checkpoint has none (no lipschitz:C unit). */
    private Map<String, Map<String, double[]>> readVectors() {
        try {
            if (!ModelSerializer.listObjectsInFile(file().toFile()).contains(VECTORS_KEY)) {
                return null;
            }
            return ModelSerializer.getObjectFromFile(file().toFile(), VECTORS_KEY);
        } catch (RuntimeException e) {
            throw new UserError(file() + ": cannot read the checkpoint's power-iteration vectors (" + e.getMessage()
                    + "); rerun with --fresh to discard it");
        }
    }

    public void clear() {
        try {
            Files.deleteIfExists(file());
            for (String old : OLD_FILES) {
                Files.deleteIfExists(dir.resolve(old));
            }
        } catch (IOException e) {
            throw new UserError("cannot clear checkpoint " + dir + " (" + OutputFolders.reason(e) + ")", e);
        }
    }
}
