package io.github.invertible.ui;

import io.github.invertible.common.UserError;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.ui.api.UIServer;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * DL4J's training UI ({@code UIServer}) on one port, showing the statistics stored in one
 * {@link FileStatsStorage} file: live while a run writes to it ({@link #record}), or a finished run
 * ({@link #replay}). DL4J's server is a singleton per JVM: one dashboard at a time.
 */
public final class TrainingDashboard implements AutoCloseable {
    /** DL4J's own default port. */
    public static final int DEFAULT_PORT = 9000;
    /** System property DL4J reads once, when the server is first created. */
    private static final String PORT_PROPERTY = "org.deeplearning4j.ui.port";

    private final UIServer server;
    private final StatsStorage storage;
    private final int port;
    private boolean closed;

    private TrainingDashboard(UIServer server, StatsStorage storage, int port) {
        this.server = server;
        this.storage = storage;
        this.port = port;
    }

    /**
     * Starts the dashboard on {@code port} for a run that writes its statistics to {@code statsFile}
     * (created, or appended to as a new session if it exists).
     */
    public static TrainingDashboard record(int port, Path statsFile) {
        try {
            Path parent = statsFile.toAbsolutePath().getParent();
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UserError("cannot create the folder of " + statsFile + ": " + e.getMessage());
        }
        return start(port, statsFile);
    }

    /** Serves the statistics of a finished run recorded in {@code statsFile}. */
    public static TrainingDashboard replay(int port, Path statsFile) {
        if (!Files.isRegularFile(statsFile)) {
            throw new UserError("no training statistics file " + statsFile
                    + " (train with --ui to record one: model/NAME-stats.bin)");
        }
        TrainingDashboard d = start(port, statsFile);
        if (d.storage.listSessionIDs().isEmpty()) {
            d.close();
            throw new UserError(statsFile + " holds no training sessions");
        }
        return d;
    }

    private static TrainingDashboard start(int port, Path statsFile) {
        requireFreePort(port);
        StatsStorage storage;
        try {
            storage = new FileStatsStorage(statsFile.toFile());
        } catch (RuntimeException e) {
            // MapDB's message for a file that is not one of its stores
            throw new UserError(statsFile + " is not a DL4J statistics file (" + e.getMessage() + ")");
        }
        System.setProperty(PORT_PROPERTY, Integer.toString(port));
        UIServer server = UIServer.getInstance();
        server.attach(storage);
        return new TrainingDashboard(server, storage, port);
    }

    /** Fails with one line when another program (or dashboard) already listens on {@code port}. */
    private static void requireFreePort(int port) {
        if (port < 1 || port > 65535) {
            throw new UserError("port must be in 1..65535, got " + port);
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new UserError("port " + port + " is in use; choose another one (--port)");
        }
    }

    /** A listener that sends the statistics of every {@code frequency}-th iteration to this dashboard. */
    public StatsListener listener(int frequency) {
        return new StatsListener(storage, frequency);
    }

    public int port() {
        return port;
    }

    /** The dashboard's overview page. */
    public String url() {
        return "http://localhost:" + port + "/train/overview";
    }

    /** Stops the server and closes the statistics file (once; later calls do nothing). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.detach(storage);
            UIServer.stopInstance();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the training UI: " + e.getMessage(), e);
        } finally {
            try {
                storage.close();
            } catch (IOException e) {
                // the file was written by MapDB on each commit; a failed close loses nothing recorded
            }
        }
    }
}
