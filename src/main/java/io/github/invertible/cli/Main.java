package io.github.invertible.cli;

import io.github.invertible.data.DataException;
import io.github.invertible.training.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.UncheckedIOException;

/** Entry point: {@code mvn exec:java -Dtrain | -Dinvert | -Dreproduce | -Dexperiments | -Dbenchmark}. */
@Command(name = "invnet", mixinStandardHelpOptions = true,
        description = "Invertible residual rectifier networks on MNIST (Deeplearning4j).",
        subcommands = {ReproduceCommand.class, TrainCommand.class, InvertCommand.class, ExperimentsCommand.class,
                BenchmarkCommand.class, UiCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    static CommandLine commandLine() {
        return configure(new CommandLine(new Main()));
    }

    /** The same one-line error reporting for every (sub)command, also when run from another command. */
    static CommandLine configure(CommandLine cmd) {
        return cmd.setExecutionExceptionHandler(Main::reportError);
    }

    /** Problems a user can fix are one line, no stack trace; anything else keeps its trace. */
    private static int reportError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof DataException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException || e instanceof TrainingDivergedException
                || e instanceof UncheckedIOException) {
            cmd.getErr().println("error: " + e.getMessage());
            return 2;
        }
        throw e;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
