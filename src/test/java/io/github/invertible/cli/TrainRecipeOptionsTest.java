package io.github.invertible.cli;

import io.github.invertible.model.NetworkSpec;
import io.github.invertible.training.TrainingConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train's recipe options (issue 14): typed, in the spec (so in the fingerprint and metadata), defaults unchanged. */
class TrainRecipeOptionsTest {

    private static TrainingConfig parse(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--model-dir", "target/train-recipe-options-test"));
        TrainCommand cmd = new TrainCommand();
        new CommandLine(cmd).parseArgs(all.toArray(String[]::new));
        return cmd.config();
    }

    @Test
    void optionsReachTheSpecAndTheFingerprint() {
        TrainingConfig def = parse();
        // the default recipe (DESIGN §6.2): the one-cycle schedule over the epochs, label smoothing 0.1
        assertEquals(NetworkSpec.builder().seed(TrainingConfig.DEFAULT_SEED)
                .schedule(NetworkSpec.Schedule.ONECYCLE, 9).labelSmoothing(0.1).build(), def.spec());
        for (String key : new String[]{"optimizer", "weightDecay"}) {
            assertFalse(def.fingerprint().contains(key), "default optimizer left out: " + def.fingerprint());
        }
        // a checkpoint of the earlier default (linear decay) is not resumed under the new one
        assertTrue(def.fingerprint().contains("\"lrSchedule\":\"onecycle\""), def.fingerprint());
        assertFalse(parse("--lr-schedule", "linear").fingerprint().contains("lrSchedule"));
        // a checkpoint of the earlier default (no smoothing) is not resumed under the new one
        assertTrue(def.fingerprint().contains("\"labelSmoothing\":0.1"), def.fingerprint());
        assertFalse(parse("--label-smoothing", "0").fingerprint().contains("labelSmoothing"));
        TrainingConfig recipe = parse("--epochs", "12", "--lr-schedule", "onecycle", "--optimizer", "adamw",
                "--weight-decay", "5e-4", "--label-smoothing", "0.1");
        NetworkSpec s = recipe.spec();
        assertEquals(NetworkSpec.Schedule.ONECYCLE, s.lrSchedule());
        assertEquals(12, s.scheduleEpochs());
        assertEquals(0, s.linearDecayEpochs());
        assertEquals(NetworkSpec.Optimizer.ADAMW, s.optimizer());
        assertEquals(5e-4, s.weightDecay());
        assertEquals(0.1, s.labelSmoothing());
        for (String item : new String[]{"\"lrSchedule\":\"onecycle\"", "\"optimizer\":\"adamw\"", "\"weightDecay\":5.0E-4",
                "\"labelSmoothing\":0.1"}) {
            assertTrue(recipe.fingerprint().contains(item), item + " in " + recipe.fingerprint());
        }
        assertEquals(NetworkSpec.Schedule.COSINE, parse("--lr-schedule", "cosine").spec().lrSchedule());
        assertEquals(NetworkSpec.Schedule.EXPONENTIAL, parse("--lr-schedule", "exponential").spec().lrSchedule());
        assertNotEquals(def.fingerprint(), parse("--optimizer", "nesterov", "--lr", "0.05").fingerprint());
    }

    @Test
    void badRecipeOptionsAreOneLineErrors() {
        String[][] bad = {
                {"--optimizer", "sgd"}, {"--lr-schedule", "step"}, {"--optimizer", "adamw"},
                {"--weight-decay", "1e-4"}, {"--weight-decay", "-1", "--optimizer", "adamw"},
                {"--label-smoothing", "1"}, {"--label-smoothing", "-0.1"}};
        for (String[] args : bad) {
            List<String> all = new ArrayList<>(List.of("train"));
            all.addAll(List.of(args));
            all.addAll(List.of("--model-dir", "target/train-recipe-options-test"));
            StringWriter err = new StringWriter();
            CommandLine cmd = Main.commandLine();
            cmd.setErr(new PrintWriter(err));
            int code = cmd.execute(all.toArray(String[]::new));
            String text = err.toString().strip();
            assertEquals(2, code, String.join(" ", args) + ": " + text);
            assertFalse(text.contains("\n") || text.contains("Exception"), String.join(" ", args) + ": " + text);
        }
    }
}
