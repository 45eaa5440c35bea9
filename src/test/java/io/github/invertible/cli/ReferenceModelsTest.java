package io.github.invertible.cli;

import io.github.invertible.references.ReferenceModels;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.training.TrainingConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The typed reference configurations are the runs {@code train} makes from the equivalent options. */
class ReferenceModelsTest {
    @Test
    void eachReferenceIsWhatTrainBuildsFromItsOptions() {
        Path dir = Path.of("target", "reference-models-test");
        for (ReferenceModels.Reference ref : ReferenceModels.ALL) {
            List<String> args = new ArrayList<>(ref.trainCommand());
            args.addAll(List.of("--model-dir", dir.toString(), "--fresh"));
            TrainCommand cmd = new TrainCommand();
            new CommandLine(cmd).parseArgs(args.toArray(String[]::new));
            TrainingConfig fromOptions = cmd.config();
            TrainingConfig typed = ref.config(dir);
            assertEquals(fromOptions.fingerprint(), typed.fingerprint(), ref.name());
            assertEquals(fromOptions, typed, ref.name());
            assertEquals(ref.name(), fromOptions.name());
        }
    }

    @Test
    void referenceFingerprintsMatchTheShippedModelsMetadata() throws Exception {
        // every shipped model records its spec, epochs and split: the typed reference must build the same run
        int checked = 0;
        for (ReferenceModels.Reference ref : ReferenceModels.ALL) {
            for (int k = 1; k <= ref.seeds(); k++) {
                Path json = Path.of("model", ref.modelName(k) + ".json");
                if (!java.nio.file.Files.isRegularFile(json)) {
                    continue; // not shipped (yet): --retrain trains it
                }
                var meta = io.github.invertible.common.Json.read(json,
                        io.github.invertible.training.ModelMetadata.class);
                assertEquals(meta.spec().toJson().replaceAll("\\s+", ""), ref.spec(k).toJson().replaceAll("\\s+", ""),
                        ref.modelName(k));
                assertEquals(ref.epochs(), meta.epochs(), ref.modelName(k));
                assertEquals(ref.seed(k), meta.seed(), ref.modelName(k));
                assertEquals(ref.validation(), meta.validationSize(), ref.modelName(k));
                TrainingConfig c = ref.config(Path.of("model"), k);
                assertEquals(c.maxShift(), meta.maxShift(), ref.modelName(k));
                assertEquals(c.maxRotation(), meta.maxRotation(), ref.modelName(k));
                assertEquals(c.maxScale(), meta.maxScale(), ref.modelName(k));
                assertEquals(c.flip(), meta.flipped(), ref.modelName(k));
                checked++;
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(checked >= 2, "the two inverted MNIST models are shipped");
    }

    @Test
    void everySeedIsWhatTrainBuildsFromItsOptions() {
        Path dir = Path.of("target", "reference-models-test");
        ReferenceModels.Reference tied = ReferenceModels.ALL.get(0);
        assertEquals(List.of("conv-tied", "conv-tied-seed2", "conv-tied-seed3"), tied.modelNames());
        java.util.Set<Long> seeds = new java.util.HashSet<>();
        for (int k = 1; k <= tied.seeds(); k++) {
            List<String> args = new ArrayList<>(tied.trainCommand(k));
            args.addAll(List.of("--model-dir", dir.toString(), "--fresh"));
            TrainCommand cmd = new TrainCommand();
            new CommandLine(cmd).parseArgs(args.toArray(String[]::new));
            TrainingConfig fromOptions = cmd.config();
            assertEquals(tied.config(dir, k), fromOptions, tied.modelName(k));
            assertEquals(tied.config(dir, k).fingerprint(), fromOptions.fingerprint());
            assertEquals(tied.name(), ReferenceModels.group(fromOptions.name()));
            assertEquals(fromOptions.seed(), fromOptions.spec().seed(), "one seed for weights, shuffle, augmentation");
            seeds.add(fromOptions.seed());
        }
        assertEquals(3, seeds.size(), "three different seeds");
        assertEquals("plaincnn-seed2x", ReferenceModels.group("plaincnn-seed2x"));
        assertEquals("conv-tied-seed1", ReferenceModels.group("conv-tied-seed1"), "seed 1 is the bare name");
    }

    @Test
    void everyReferenceUsesTheRecipeItsDatasetsSearchChose() {
        // DESIGN §6.2: the shipped references and train's defaults follow the candidate with the best validation
        // accuracy; a new winning candidate without retrained references fails here
        var chosen = io.github.invertible.experiments.RecipeSearch.chosen(Path.of("model"));
        assertEquals(java.util.Set.of("mnist", "fashion-mnist"), chosen.keySet());
        Path dir = Path.of("target", "reference-models-test");
        for (ReferenceModels.Reference ref : ReferenceModels.ALL) {
            var won = chosen.get(ref.dataset());
            TrainingConfig c = ref.config(dir);
            String what = ref.name() + " against the search's choice " + won.name();
            assertEquals(won.epochs(), c.epochs(), what);
            assertEquals(won.spec().lrSchedule(), c.spec().lrSchedule(), what);
            assertEquals(won.spec().labelSmoothing(), c.spec().labelSmoothing(), what);
            assertEquals(won.spec().optimizer(), c.spec().optimizer(), what);
            assertEquals(won.maxShift(), c.maxShift(), what);
            assertEquals(won.maxRotation(), c.maxRotation(), what);
            assertEquals(won.maxScale(), c.maxScale(), what);
            assertEquals(won.flipped(), c.flip(), what);
            if (ref.arch() == won.spec().arch()) { // a candidate may widen the network: its architecture follows
                assertEquals(won.spec().hidden1(), c.spec().hidden1(), what);
                assertEquals(won.spec().hidden2(), c.spec().hidden2(), what);
                assertEquals(won.spec().headConv(), c.spec().headConv(), what);
                assertEquals(won.spec().headConvLayers(), c.spec().headConvLayers(), what);
                assertEquals(won.spec().headWidth(), c.spec().headWidth(), what);
            }
        }
        // and `train` without recipe options is MNIST's choice
        TrainCommand cmd = new TrainCommand();
        new CommandLine(cmd).parseArgs("--model-dir", dir.toString());
        assertEquals(chosen.get("mnist").spec().lrSchedule(), cmd.config().spec().lrSchedule());
        assertEquals(chosen.get("mnist").spec().labelSmoothing(), cmd.config().spec().labelSmoothing());
        assertEquals(chosen.get("mnist").epochs(), cmd.config().epochs());
    }

    @Test
    void theMnistRowsShareOneBudget() {
        // T2 compares like with like (DESIGN §6.2): same epochs, schedule, smoothing and validation split
        List<ReferenceModels.Reference> mnist = ReferenceModels.of("mnist");
        assertEquals(List.of("conv-tied", "conv-lipschitz-0.9", "conv-lipschitz-2", "conv-lipschitz-4",
                        "conv-lipschitz-8", "conv-none", "dense-tied", "plaincnn"),
                mnist.stream().map(ReferenceModels.Reference::name).toList());
        Path dir = Path.of("target", "reference-models-test");
        for (ReferenceModels.Reference ref : mnist) {
            TrainingConfig c = ref.config(dir);
            assertEquals(ReferenceModels.MNIST_EPOCHS, c.epochs(), ref.name());
            assertEquals(TrainingConfig.DEFAULT_VALIDATION, c.validation(), ref.name());
            assertEquals(ReferenceModels.MNIST_RECIPE.schedule(), c.spec().lrSchedule(), ref.name());
            assertEquals(ReferenceModels.MNIST_RECIPE.labelSmoothing(), c.spec().labelSmoothing(), ref.name());
        }
        NetworkSpec plain = mnist.get(mnist.size() - 1).spec();
        NetworkSpec tied = mnist.get(0).spec();
        assertEquals(tied.headConvLayers(), plain.headConvLayers(), "the plain baseline carries the default's head");
        assertEquals(tied.headConv(), plain.headConv());
        assertEquals(tied.headWidth(), plain.headWidth());
    }

    @Test
    void theFashionRowsShareOneBudget() {
        // the Fashion-MNIST T2 compares the invertible models with the plain baseline at the same epochs and recipe
        List<ReferenceModels.Reference> fashion = ReferenceModels.of("fashion-mnist");
        assertEquals(List.of("fashion-mnist-tied", "fashion-mnist-lipschitz-0.9", "fashion-mnist-plaincnn"),
                fashion.stream().map(ReferenceModels.Reference::name).toList());
        Path dir = Path.of("target", "reference-models-test");
        TrainingConfig tied = fashion.get(0).config(dir);
        for (ReferenceModels.Reference ref : fashion) {
            TrainingConfig c = ref.config(dir);
            assertEquals(tied.epochs(), c.epochs(), ref.name());
            assertEquals(tied.validation(), c.validation(), ref.name());
            assertEquals(tied.spec().lrSchedule(), c.spec().lrSchedule(), ref.name());
            assertEquals(tied.spec().labelSmoothing(), c.spec().labelSmoothing(), ref.name());
            assertEquals(tied.flip(), c.flip(), ref.name());
            assertEquals(tied.maxRotation(), c.maxRotation(), ref.name());
        }
        NetworkSpec plain = fashion.get(2).spec();
        assertEquals(NetworkSpec.Arch.PLAINCNN, plain.arch());
        assertEquals(tied.spec().headConvLayers(), plain.headConvLayers(), "the baseline carries the default's head");
        assertEquals(tied.spec().headWidth(), plain.headWidth());
    }
}
