package io.github.invertible.cli;

import io.github.invertible.common.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code mvn exec:java -Dtrain | -Dinvert | -Dreproduce | -Dexperiments | -Dbenchmark}. */
@Command(name = "invnet", mixinStandardHelpOptions = true,
        description = "Invertible residual rectifier networks on MNIST (Deeplearning4j).",
        subcommands = {ReproduceCommand.class, TrainCommand.class, InvertCommand.class, ExperimentsCommand.class,
                BenchmarkCommand.class, UiCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        try { // before ND4J loads: a build for extensions this CPU lacks dies in native code (DESIGN §10.4)
            io.github.invertible.common.CpuFeatures.ofThisMachine()
                    .requireSupported(io.github.invertible.common.RunEnvironment.nd4jNativeBuild());
        } catch (UserError e) {
            System.err.println("error: " + e.getMessage());
            System.exit(USER_ERROR);
        }
        io.github.invertible.common.RunEnvironment.gitCommit(); // the commit results will name: this one, at start
        QuietStdout.install(); // DL4J's op-registration lines (printed, not logged)
        int code = commandLine().execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    static CommandLine commandLine() {
        return configure(new CommandLine(new Main()));
    }

    /** Exit code of a problem the user can fix (bad option, bad input, unwritable folder, model in use). */
    public static final int USER_ERROR = 2;

    /** The same one-line error reporting for every (sub)command, also when run from another command. */
    static CommandLine configure(CommandLine cmd) {
        versionEverywhere(cmd);
        OptionSections.apply(cmd);
        return cmd.setExecutionExceptionHandler(Main::reportError)
                .setParameterExceptionHandler(Main::reportParameterError);
    }

    /** {@code -V} of every command prints the same: this project's version, DL4J's and the ND4J native build. */
    private static void versionEverywhere(CommandLine cmd) {
        cmd.getCommandSpec().versionProvider(Main::version);
        cmd.getSubcommands().values().forEach(Main::versionEverywhere);
    }

    static String[] version() {
        return new String[]{"invnet " + io.github.invertible.common.RunEnvironment.version(),
                "Deeplearning4j " + io.github.invertible.common.RunEnvironment.dl4jVersion(),
                "ND4J native build " + io.github.invertible.common.RunEnvironment.nd4jNativeBuild()};
    }

    /**
     * Problems a user can fix ({@link UserError}, which data and training errors extend) are one line, no stack
     * trace, exit code 2; any other exception is a bug and keeps its trace.
     */
    private static int reportError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof UserError || e instanceof CommandLine.ParameterException) {
            cmd.getErr().println("error: " + e.getMessage());
            cmd.getErr().flush();
            return USER_ERROR;
        }
        throw e;
    }

    /** picocli's own errors (unknown option, value of the wrong type): one line and where to find the options. */
    private static int reportParameterError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println("error: " + e.getMessage() + " (see --help)");
        cmd.getErr().flush();
        return USER_ERROR;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
