package io.github.invertible.cli;

import io.github.invertible.model.NetworkSpec;
import io.github.invertible.training.TrainingConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's help, version and option names: what a user reads before running anything. */
class CommandLineHelpTest {

    private static String out(String... args) {
        StringWriter sw = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(sw));
        assertEquals(0, cmd.execute(args), String.join(" ", args));
        return sw.toString();
    }

    @Test
    void versionOfEveryCommandNamesTheProjectDl4jAndTheNativeBuild() {
        for (String[] args : List.of(new String[]{"-V"}, new String[]{"train", "-V"}, new String[]{"ui", "--version"})) {
            String v = out(args);
            assertTrue(v.matches("(?s)invnet \\d+\\.\\d+\\.\\d+.*\\nDeeplearning4j 1\\.0\\.0-M2\\.1\\n"
                    + "ND4J native build nd4j-native-1\\.0\\.0-M2\\.1-linux-x86_64\\S*\\n"), v);
        }
    }

    @Test
    void trainHelpIsInSectionsAndStatesEveryDefaultAsAValue() {
        String help = out("train", "--help");
        int at = -1;
        for (String section : List.of("Model:", "Schedule and optimizer:", "Augmentation:", "Data:", "Output:",
                "Other options:")) {
            int i = help.indexOf("\n" + section + "\n");
            assertTrue(i > at, section + " after the previous section in\n" + help);
            at = i;
        }
        assertFalse(help.contains("the spec's"), help);
        assertFalse(help.contains("--ui-port"), "the old name is accepted but not listed");
        // the stated defaults are the network spec's (a change of either shows here)
        NetworkSpec d = NetworkSpec.defaults();
        String flat = help.replaceAll("\\s+", " ");
        assertDefault(flat, "--width1", d.convWidth1());
        assertDefault(flat, "--hidden1", d.hidden1());
        assertDefault(flat, "--hidden2", d.hidden2());
        assertDefault(flat, "--dense-width", d.denseWidth());
        assertDefault(flat, "--head-conv", d.headConv());
        assertDefault(flat, "--head-conv-layers", d.headConvLayers());
        assertDefault(flat, "--head", d.headWidth());
        assertTrue(flat.contains("default 3 for conv, 4 for dense") && d.unitsPerStage() == 3 && d.denseUnits() == 4);
        assertTrue(flat.contains("(default 1e-3)") && d.learningRate() == 1e-3);
        assertTrue(flat.contains("(default " + d.learningRateDecay() + ")"), flat);
    }

    private static void assertDefault(String flatHelp, String option, int value) {
        Matcher m = Pattern.compile(Pattern.quote(option) + "=\\S+ (.*?)(?= --|$)").matcher(flatHelp);
        assertTrue(m.find(), option);
        assertTrue(m.group(1).contains("default " + value + ")"), option + ": " + m.group(1));
    }

    @Test
    void portIsOneNameForBothDashboardsAndTheOldNameStillWorks() {
        TrainCommand a = new TrainCommand();
        new CommandLine(a).parseArgs("--port", "9123");
        TrainCommand b = new TrainCommand();
        new CommandLine(b).parseArgs("--ui-port", "9124");
        assertEquals(9123, a.port());
        assertEquals(9124, b.port());
        UiCommand ui = new UiCommand();
        new CommandLine(ui).parseArgs("--port", "9125", "stats.bin");
        assertEquals(9125, ui.port);
    }

    @Test
    void modelTakesAPathOrANameTheSameWayInInvertAndBenchmark() {
        InvertCommand inv = new InvertCommand();
        new CommandLine(inv).parseArgs("--model", "conv-none");
        assertEquals(Path.of("model", "conv-none.zip"), inv.model);
        new CommandLine(inv).parseArgs("--model", "elsewhere/x.zip");
        assertEquals(Path.of("elsewhere", "x.zip"), inv.model);
        assertEquals(Path.of("m", "conv-none.zip"), OptionTypes.ModelConverter.asZip("conv-none", Path.of("m")));
        assertEquals(Path.of("a.zip"), OptionTypes.ModelConverter.asZip("a.zip", Path.of("m")));
    }

    @Test
    void reproduceNamesEveryFigureAndTable() {
        String help = out("reproduce", "--help").replaceAll("\\s+", " ");
        for (String item : List.of("F0", "F1", "F2", "F3", "F4", "F5", "T1,", "T1 by depth", "T2")) {
            assertTrue(help.contains(item), item + " in " + help);
        }
    }

    @Test
    void suggestedCommandsWorkFromWhereTheProgramWasStarted() {
        // the tests run in the project's folder, which has the launchers
        assertEquals("app/train", Launcher.command("train", null));
        assertEquals("app/ui model/x-stats.bin", Launcher.command("ui", "model/x-stats.bin"));
        String before = System.getProperty(Launcher.JAR_PROPERTY);
        try {
            System.setProperty(Launcher.JAR_PROPERTY, "/opt/invnet-all.jar");
            assertEquals("java -jar /opt/invnet-all.jar train", Launcher.command("train", ""));
        } finally {
            if (before == null) {
                System.clearProperty(Launcher.JAR_PROPERTY);
            } else {
                System.setProperty(Launcher.JAR_PROPERTY, before);
            }
        }
    }

    @Test
    void dashboardRecordsOftenEnoughForAShortRunsCurve() {
        TrainingConfig shortRun = new TrainingConfig("x", NetworkSpec.defaults(), 1, 128, 1, 2048, 0, Path.of("m"),
                false);
        assertEquals(1, TrainCommand.uiFrequency(shortRun, 60000), "16 batches: every one");
        TrainingConfig full = TrainingConfig.defaults("x", NetworkSpec.defaults(), 9, Path.of("m"), false);
        assertEquals(10, TrainCommand.uiFrequency(full, 60000), "long runs keep every 10th");
    }

    @Test
    void opRegistrationLinesAreDroppedAndEverythingElsePasses() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        QuietStdout out = new QuietStdout(bytes, StandardCharsets.UTF_8);
        out.println("Added differentiated op pad");
        out.println("epoch 1/1: test accuracy 95.00 %");
        out.println("Added differentiated op ExternalErrorsFn");
        out.flush();
        assertEquals("epoch 1/1: test accuracy 95.00 %" + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    }
}
