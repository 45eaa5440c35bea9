package io.github.invertible.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code mvn exec:java -Dtrain | -Dinvert | -Dreproduce | -Dexperiments | -Dbenchmark}. */
@Command(name = "invnet", mixinStandardHelpOptions = true,
        description = "Invertible residual rectifier networks on MNIST (Deeplearning4j).",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
