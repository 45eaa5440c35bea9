package io.github.invertible.cli;

import io.github.invertible.experiments.ReferenceModels;
import io.github.invertible.model.ConstraintMode;
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
        // the shipped model's metadata records its spec: the typed reference must build the same network spec.
        // Only the two inverted models were trained with today's code; the three T2 baselines are runs of older,
        // smaller defaults (T2's layout column says so) that --retrain replaces with today's defaults.
        for (ReferenceModels.Reference ref : ReferenceModels.ALL.stream().filter(ReferenceModels.Reference::inverted)
                .toList()) {
            Path json = Path.of("model", ref.name() + ".json");
            if (!java.nio.file.Files.isRegularFile(json)) {
                continue; // the Fashion-MNIST references are trained by the lead (issue 13); none shipped yet
            }
            var meta = io.github.invertible.common.Json.read(json, io.github.invertible.training.ModelMetadata.class);
            assertEquals(meta.spec().toJson().replaceAll("\\s+", ""), ref.spec().toJson().replaceAll("\\s+", ""),
                    ref.name());
            assertEquals(meta.epochs(), ref.epochs(), ref.name());
        }
    }

    @Test
    void seedsAndTheSameBudgetBaselineAreOneLineChanges() {
        // what the lead writes into ReferenceModels.ALL once the recipe is chosen on validation (DESIGN §6.2)
        List<ReferenceModels.Reference> refs = List.of(
                new ReferenceModels.Reference("conv-tied", NetworkSpec.Arch.CONV, ConstraintMode.TIED, 9, true, true)
                        .withSeeds(3),
                new ReferenceModels.Reference("plaincnn", NetworkSpec.Arch.PLAINCNN, ConstraintMode.NONE, 9, true, false));
        assertEquals(List.of("conv-tied", "conv-tied-seed2", "conv-tied-seed3"), refs.get(0).modelNames());
        Path dir = Path.of("target", "reference-models-test");
        java.util.Set<Long> seeds = new java.util.HashSet<>();
        for (ReferenceModels.Reference ref : refs) {
            for (int k = 1; k <= ref.seeds(); k++) {
                List<String> args = new ArrayList<>(ref.trainCommand(k));
                args.addAll(List.of("--model-dir", dir.toString(), "--fresh"));
                TrainCommand cmd = new TrainCommand();
                new CommandLine(cmd).parseArgs(args.toArray(String[]::new));
                TrainingConfig fromOptions = cmd.config();
                assertEquals(ref.config(dir, k), fromOptions, ref.modelName(k));
                assertEquals(ref.config(dir, k).fingerprint(), fromOptions.fingerprint());
                assertEquals(ref.name(), ReferenceModels.group(fromOptions.name()));
                assertEquals(fromOptions.seed(), fromOptions.spec().seed(), "one seed for weights, shuffle, augmentation");
                if (ref.seeds() > 1) {
                    seeds.add(fromOptions.seed());
                }
            }
        }
        assertEquals(3, seeds.size(), "three different seeds");
        assertEquals(ReferenceModels.ALL.get(0).config(dir), refs.get(0).config(dir, 1), "seed 1 is today's model");
        assertEquals(2, refs.get(1).spec().headConvLayers(), "the new plaincnn carries the default's head");
        assertEquals("plaincnn-seed2x", ReferenceModels.group("plaincnn-seed2x"));
        assertEquals("conv-tied-seed1", ReferenceModels.group("conv-tied-seed1"), "seed 1 is the bare name");
    }
}
