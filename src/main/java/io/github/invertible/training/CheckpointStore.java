package io.github.invertible.training;

import io.github.invertible.common.Json;
import io.github.invertible.common.AtomicFiles;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One checkpoint per run, replaced after each finished epoch: the model with its updater state
 * ({@code last.zip}) and {@code state.json}. Both are written atomically, the model first, so the
 * state never points at an epoch the model does not have.
 */
public final class CheckpointStore {
    private final Path dir;

    public CheckpointStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    private Path modelFile() {
        return dir.resolve("last.zip");
    }

    private Path stateFile() {
        return dir.resolve("state.json");
    }

    public Optional<CheckpointState> state() {
        if (!Files.isRegularFile(stateFile()) || !Files.isRegularFile(modelFile())) {
            return Optional.empty();
        }
        return Optional.of(Json.read(stateFile(), CheckpointState.class));
    }

    public ComputationGraph restoreModel() {
        try {
            return ModelSerializer.restoreComputationGraph(modelFile().toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(modelFile() + ": cannot restore checkpoint", e);
        }
    }

    public void save(ComputationGraph net, CheckpointState state) {
        try {
            AtomicFiles.write(modelFile(), tmp -> ModelSerializer.writeModel(net, tmp.toFile(), true));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + modelFile(), e);
        }
        Json.write(stateFile(), state);
    }

    public void clear() {
        try {
            Files.deleteIfExists(modelFile());
            Files.deleteIfExists(stateFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear checkpoint " + dir, e);
        }
    }
}
