package io.github.invertible.model;

import io.github.invertible.model.constraint.Lipschitz;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Save (with updater) -> restore gives the same network, for every architecture and constraint mode. */
class SerializationTest {

    @TempDir
    File tmp;

    @ParameterizedTest
    @CsvSource({"conv,none", "conv,tied", "conv,lipschitz:0.9", "dense,none", "dense,tied", "dense,lipschitz:0.9",
            "plaincnn,none"})
    void restoredNetworkIsIdentical(String arch, String constraint) throws Exception {
        Nd4j.getRandom().setSeed(3);
        NetworkSpec spec = SmallSpecs.of(arch, constraint, DataType.FLOAT);
        ComputationGraph net = NetworkFactory.build(spec);
        INDArray x = SmallSpecs.input(spec, 6);
        DataSet batch = new DataSet(x, TinyGraphs.oneHot(6, 10).castTo(DataType.FLOAT));
        net.fit(batch);
        net.fit(batch);

        File file = new File(tmp, arch + ".zip");
        ModelSerializer.writeModel(net, file, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(file, true);

        assertEquals(0.0, net.outputSingle(x).sub(back.outputSingle(x)).amaxNumber().doubleValue(), 0.0);
        assertEquals(net.getConfiguration().toJson(), back.getConfiguration().toJson());
        String json = net.getConfiguration().toJson();
        assertEquals(json, ComputationGraphConfiguration.fromJson(json).toJson());
        if (spec.constraint() instanceof Lipschitz) {
            var constraints = back.getLayer(spec.arch() == NetworkSpec.Arch.CONV ? "unit1_1" : "unit_1")
                    .conf().getLayer().getConstraints();
            assertEquals(1, constraints.size());
            assertInstanceOf(SpectralNormConstraint.class, constraints.get(0));
            assertEquals(0.9, ((SpectralNormConstraint) constraints.get(0)).getBound());
        } else {
            // the updater state came back too: one more identical step keeps them identical
            // (lipschitz nets restart their power-iteration vectors, so they differ slightly after a step)
            Nd4j.getRandom().setSeed(4); // same dropout masks for both
            net.fit(batch);
            Nd4j.getRandom().setSeed(4);
            back.fit(batch);
            assertEquals(0.0, net.params().sub(back.params()).amaxNumber().doubleValue(), 0.0);
        }
    }
}
