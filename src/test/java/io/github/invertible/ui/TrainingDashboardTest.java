package io.github.invertible.ui;

import io.github.invertible.common.UserError;
import io.github.invertible.model.NetworkFactory;
import io.github.invertible.model.NetworkSpec;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DL4J's dashboard serves a run's scores live over HTTP, and again from the recorded file after the run. */
class TrainingDashboardTest {
    private static final int ITERATIONS = 6;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void servesLiveScoresAndReplaysThemFromTheStatsFile(@TempDir Path dir) throws Exception {
        Path stats = dir.resolve("tiny-stats.bin");
        ComputationGraph net = NetworkFactory.build(NetworkSpec.builder().arch("conv").constraint("tied")
                .unitsPerStage(1).convWidth1(4).hidden1(3).hidden2(3).headConvLayers(0).headWidth(8).seed(3).build());
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 10);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, i % 10, 1);
        }
        int livePort = freePort();
        double[] scores = new double[ITERATIONS];
        try (TrainingDashboard ui = TrainingDashboard.record(livePort, stats)) {
            net.setListeners(ui.listener(1));
            for (int i = 0; i < ITERATIONS; i++) {
                net.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
                scores[i] = net.score();
            }
            HttpResponse<String> page = get(ui.url());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<html"), "overview page is HTML");
            assertScoresServed(livePort, scores);
        }
        assertTrue(Files.size(stats) > 0, "statistics written to the file");

        int replayPort = freePort();
        try (TrainingDashboard replay = TrainingDashboard.replay(replayPort, stats)) {
            assertEquals(replayPort, replay.port());
            assertScoresServed(replayPort, scores);
        }
    }

    @Test
    void busyPortAndMissingFileAreOneLineErrors(@TempDir Path dir) throws IOException {
        try (ServerSocket busy = new ServerSocket(0)) {
            var e = assertThrows(UserError.class,
                    () -> TrainingDashboard.record(busy.getLocalPort(), dir.resolve("s.bin")));
            assertTrue(e.getMessage().contains("port " + busy.getLocalPort() + " is in use"), e.getMessage());
        }
        var e = assertThrows(UserError.class,
                () -> TrainingDashboard.replay(freePort(), dir.resolve("missing-stats.bin")));
        assertTrue(e.getMessage().contains("missing-stats.bin"), e.getMessage());
    }

    /** /train/overview/data lists the scores of the session: one per iteration, equal to the network's. */
    private void assertScoresServed(int port, double[] expected) throws Exception {
        JsonNode data = null;
        for (int attempt = 0; attempt < 50; attempt++) { // the storage is read asynchronously by the server
            HttpResponse<String> r = get("http://localhost:" + port + "/train/overview/data");
            assertEquals(200, r.statusCode());
            data = new ObjectMapper().readTree(r.body());
            if (data.path("scores").size() >= expected.length) {
                break;
            }
            Thread.sleep(100);
        }
        JsonNode served = data.path("scores");
        assertEquals(expected.length, served.size(), "scores served: " + data);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], served.get(i).asDouble(), 1e-5 * Math.abs(expected[i]), "score " + i);
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
