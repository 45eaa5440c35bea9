package io.github.invertible.cli;

import io.github.invertible.ui.TrainingDashboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code app/ui model/NAME-stats.bin}: DL4J's training dashboard for a run recorded with {@code train --ui}. */
@Command(name = "ui", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Replay a training run recorded with 'train --ui' in DL4J's training dashboard "
                + "(serves until interrupted with Ctrl-C).")
public final class UiCommand implements Callable<Integer> {
    /** Signals that stop the dashboard (Ctrl-C, kill): handled, so the run ends with exit code 0. */
    static final String[] STOP_SIGNALS = {"INT", "TERM"};

    @Parameters(index = "0", paramLabel = "STATS-FILE", description = "Statistics file, e.g. model/conv-tied-stats.bin.")
    Path statsFile;

    @Option(names = "--port", defaultValue = "" + TrainingDashboard.DEFAULT_PORT,
            description = "Port of the dashboard (default ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        Ranges.between("--port", port, 1, 65535);
        TrainingDashboard dashboard = TrainingDashboard.replay(port, statsFile);
        // A shutdown hook would run after MapDB's own one has closed the statistics file (DL4J then failed with
        // "IllegalAccessError: DB was closed"): the signals are handled here instead and the dashboard closed first.
        CountDownLatch stop = new CountDownLatch(1);
        for (String s : STOP_SIGNALS) {
            Signal.handle(new Signal(s), sig -> stop.countDown());
        }
        System.out.printf("training dashboard of %s: %s (Ctrl-C stops it)%n", statsFile, dashboard.url());
        stop.await();
        dashboard.close();
        System.out.println("training dashboard stopped");
        return 0;
    }
}
