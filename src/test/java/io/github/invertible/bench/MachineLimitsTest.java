package io.github.invertible.bench;

import io.github.invertible.data.ImageSplit;
import io.github.invertible.model.NetworkFactory;
import io.github.invertible.model.NetworkSpec;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pieces of B1's efficiency, B3's forward-pass unit and B4's child runs (DESIGN §10). */
class MachineLimitsTest {

    @Test
    void gemmChildTimesBothRoutesAndNamesTheEnvironment() throws Exception {
        GemmPeak.Result r = GemmPeak.measure(256, 2, true);
        assertEquals(2, r.routes().size());
        for (GemmPeak.Route route : r.routes()) {
            assertTrue(route.gflops().median() > 0.1 && route.gflops().median() < 1e5, route.toString());
            assertEquals(2, route.gflops().runs());
        }
        assertTrue(r.environment().startsWith("unset (was OPENBLAS_CORETYPE="), r.environment());
        assertTrue(r.routes().contains(r.best()));
    }

    @Test
    void childRunReportsExitCodePeakMemoryAndLastLine(@TempDir Path dir) throws Exception {
        ChildRun.Outcome ok = ChildRun.command(List.of("-Xmx256m"), Map.of(), List.of("--version"),
                dir.resolve("ok.log"));
        assertEquals(0, ok.exitCode());
        assertTrue(ok.peakResidentMiB() > 10, "a JVM holds more than 10 MiB: " + ok.peakResidentMiB());
        ChildRun.Outcome bad = ChildRun.command(List.of("-Xmx256m"), Map.of(), List.of("invert", "--per-class", "0"),
                dir.resolve("bad.log"));
        assertTrue(bad.exitCode() != 0);
        assertFalse(bad.lastLine().isBlank());
    }

    @Test
    void projectLimitsAreTheOnesMavenRunsWith() throws Exception {
        assertEquals(Files.readString(Path.of(".mvn", "jvm.config")).strip(), MemoryBenchmarks.PROJECT_LIMITS);
    }

    @Test
    void timedForwardPassComputesTheStageTop() {
        NetworkSpec spec = NetworkSpec.builder().unitsPerStage(1).convWidth1(6).hidden1(4).hidden2(4).headConv(5)
                .headWidth(7).seed(3).build();
        ComputationGraph net = NetworkFactory.build(spec);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 1, 28, 28);
        String top = NetworkFactory.convUnitName(2, 1);
        INDArray partial = net.feedForward(x, net.getVertex(top).getVertexIndex(), false).get(top);
        INDArray full = net.feedForward(x, false).get(top);
        assertEquals(full, partial);
        assertFalse(net.feedForward(x, net.getVertex(top).getVertexIndex(), false)
                .containsKey(NetworkFactory.OUTPUT), "the timed pass stops at the feature stage");
    }

    @Test
    void opProfileAttributesTimeToTheOpsThatRan() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 300, 300);
        OpProfile.Result r = OpProfile.of(() -> {
            for (int i = 0; i < 10; i++) {
                x.mmul(x);
                Nd4j.math().tanh(x);
            }
        });
        assertTrue(r.ops().stream().anyMatch(e -> e.op().contains("matmul")), r.table());
        assertTrue(r.ops().stream().anyMatch(e -> e.op().contains("tanh")), r.table());
        assertTrue(r.opMillis() <= r.wallMillis() + 1, r.table());
        for (int i = 1; i < r.ops().size(); i++) {
            assertTrue(r.ops().get(i - 1).millis() >= r.ops().get(i).millis(), "largest first");
        }
        // profiling is off again afterwards: nothing more is recorded
        for (int i = 0; i < 10; i++) {
            org.nd4j.linalg.ops.transforms.Transforms.sigmoid(x, true);
        }
        assertFalse(org.nd4j.linalg.profiler.OpProfiler.getInstance().getLongAggergator().asPercentageString()
                .contains("sigmoid"));
        assertEquals(0, OpProfile.of(() -> { }).ops().size());
    }
}
