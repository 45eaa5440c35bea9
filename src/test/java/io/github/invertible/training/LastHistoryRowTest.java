package io.github.invertible.training;

import io.github.invertible.common.Json;
import io.github.invertible.data.ImageDataset;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.model.ResidualConvUnit;
import io.github.invertible.model.SpectralNorms;
import io.github.invertible.model.UnitStatistics;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A lipschitz model's history ends with the norms of the weights it ships (the trainer records them after the final
 * projection): one unit's norms recomputed from the zip by an exact SVD of the convolution operator match the last
 * row; and {@link LastHistoryRow} restores a last row recorded before the projection.
 */
class LastHistoryRowTest {
    @TempDir
    Path dir;

    static final double BOUND = 0.9;

    /** Exact spectral norm of a unit's convolution at its image size (dense operator matrix, LAPACK SVD). */
    static double exactNorm(ComputationGraph net, String unit, String param) {
        Layer layer = net.getLayer(unit);
        ResidualConvUnit conf = (ResidualConvUnit) layer.conf().getLayer();
        return SpectralNorms.exactDense(SpectralNorms.convOperatorMatrix(layer.getParam(param), conf.getHeight(),
                conf.getWidth()));
    }

    @Test
    void theLastRowHoldsTheShippedWeightsNormsAndTheRoutineRecomputesIt() throws Exception {
        NetworkSpec spec = NetworkSpec.builder().arch("conv").constraint("lipschitz:" + BOUND).unitsPerStage(1)
                .convWidth1(4).hidden1(8).hidden2(16).headConvLayers(0).headWidth(32).learningRate(3e-3).seed(3)
                .build();
        TrainingConfig cfg = new TrainingConfig("lip", spec, 1, 64, 11, 500, 0, 0, 0, dir, false, 200);
        ModelMetadata meta = new Trainer().train(cfg, ImageDataset.loadDefault());
        ModelMetadata onDisk = Json.read(cfg.metadataFile(), ModelMetadata.class);
        EpochRecord last = onDisk.history().get(onDisk.history().size() - 1);
        ComputationGraph net = ModelSerializer.restoreComputationGraph(cfg.modelFile().toFile(), false);

        String unit = last.units().keySet().iterator().next();
        UnitStatistics.Unit recorded = last.units().get(unit);
        double w1 = exactNorm(net, unit, "W1");
        double w2 = exactNorm(net, unit, "W2");
        // the history's norms are power iterations (UnitStatistics), which approach the norm from below; on
        // projected weights the top singular values cluster at the bound, and the iteration stopped 4e-5 (relative)
        // short of the exact norm here: agreement to 1e-4, never above
        assertEquals(w1, recorded.normW1(), 1e-4 * w1, unit + " ||W1||: history vs the zip's weights");
        assertEquals(w2, recorded.normW2(), 1e-4 * w2, unit + " ||W2||: history vs the zip's weights");
        assertTrue(recorded.normW1() <= w1 * (1 + 1e-12) && recorded.normW2() <= w2 * (1 + 1e-12), "from below");
        // and exactly what the same measurement gives on the zip's weights: the row describes the model that ships
        // (a row from before the final projection measures other weights and differs)
        assertEquals(UnitStatistics.of(net, NetworkSpec.Arch.CONV, onDisk.datasetOrMnist().shape()), last.units());
        for (UnitStatistics.Unit u : last.units().values()) {
            assertTrue(u.branchBound() <= BOUND * (1 + 1e-9), "last row multiplies to the bound: " + u.branchBound());
        }

        // a last row recorded before the projection, multiplying to a little above the bound (0.90002 on the shipped
        // conv-lipschitz-0.9's unit1_1), as models trained earlier have
        Map<String, UnitStatistics.Unit> before = new LinkedHashMap<>();
        last.units().forEach((k, u) -> before.put(k, new UnitStatistics.Unit(u.alpha(),
                BOUND * 1.00002 / u.normW2(), u.normW2())));
        List<EpochRecord> stale = new ArrayList<>(onDisk.history());
        stale.set(stale.size() - 1, new EpochRecord(last.epoch(), last.testAccuracyPct(), last.seconds(),
                last.samplesPerSecond(), last.lastLoss(), last.validationAccuracyPct(), before));
        ModelMetadata staleMeta = new ModelMetadata(meta.name(), meta.spec(), meta.seed(), meta.epochs(),
                meta.batchSize(), meta.trainSamples(), meta.maxShift(), meta.maxRotation(), meta.maxScale(),
                meta.parameters(), meta.testAccuracyPct(), meta.perClassAccuracyPct(), meta.trainMinutes(),
                meta.samplesPerSecond(), stale, meta.modelSha256(), meta.environment(), meta.dataSha256(),
                meta.dataset(), meta.validation(), meta.validationAccuracyPct(), meta.flip());
        assertTrue(LastHistoryRow.largestBranchBound(stale.get(stale.size() - 1)) > BOUND, "the stale row is above");
        ModelMetadata fixed = LastHistoryRow.recompute(staleMeta, net);
        EpochRecord repaired = fixed.history().get(fixed.history().size() - 1);
        assertEquals(last, repaired, "the recomputed row is the trainer's");
        assertNotEquals(staleMeta.history().get(stale.size() - 1), repaired);
        assertEquals(staleMeta.history().subList(0, stale.size() - 1), fixed.history().subList(0, stale.size() - 1));
        assertEquals(meta.testAccuracyPct(), fixed.testAccuracyPct());
    }
}
