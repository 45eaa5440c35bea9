package io.github.invertible.cli;

import io.github.invertible.model.NetworkFactory;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.ui.TrainingDashboard;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ui} stopped with Ctrl-C (SIGINT) or kill (SIGTERM): exit code 0 and one line, no DL4J error. */
class UiShutdownTest {

    @Test
    void ctrlCAndKillStopTheDashboardCleanly(@TempDir Path dir) throws Exception {
        Path stats = dir.resolve("tiny-stats.bin");
        ComputationGraph net = NetworkFactory.build(NetworkSpec.builder().arch("dense").denseUnits(1).denseWidth(8)
                .headWidth(8).build());
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 784);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 10);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 10, 1);
        }
        try (TrainingDashboard ui = TrainingDashboard.record(freePort(), stats)) {
            net.setListeners(ui.listener(1));
            for (int i = 0; i < 3; i++) {
                net.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
            }
        }
        for (String signal : UiCommand.STOP_SIGNALS) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "ui",
                    "--port", Integer.toString(freePort()), stats.toString()).redirectErrorStream(true).start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    if (line.startsWith("training dashboard of")) {
                        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
                        break;
                    }
                }
                List<String> after = new ArrayList<>();
                while ((line = r.readLine()) != null) {
                    after.add(line);
                }
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), signal);
                assertEquals(0, p.exitValue(), signal + ": " + lines + after);
                assertEquals(List.of("training dashboard stopped"), after, signal + " (before: " + lines + ")");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
