package io.github.invertible.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NetworkFactorySmokeTest {

    @TempDir
    File tmp;

    @Test
    void defaultConvGraphFitsAndRoundTrips() throws Exception {
        for (String mode : new String[]{"tied", "none", "lipschitz:0.9"}) {
            ComputationGraph net = NetworkFactory.build(NetworkSpec.builder().constraint(mode).unitsPerStage(1).build());
            INDArray x = Nd4j.rand(8, 1, 28, 28);
            INDArray y = Nd4j.zeros(8, 10);
            for (int i = 0; i < 8; i++) y.putScalar(i, i % 10, 1.0);
            long t = System.currentTimeMillis();
            net.fit(new DataSet(x, y));
            net.fit(new DataSet(x, y));
            System.out.println(mode + " fit ms " + (System.currentTimeMillis() - t) + " params " + net.numParams());
            File f = new File(tmp, "m.zip");
            ModelSerializer.writeModel(net, f, true);
            ComputationGraph back = ModelSerializer.restoreComputationGraph(f, true);
            INDArray a = net.outputSingle(x);
            INDArray b = back.outputSingle(x);
            assertEquals(0.0, a.sub(b).amaxNumber().doubleValue(), 0.0);
            System.out.println(FeatureStage.of(back));
            System.out.println(back.getLayer("unit1_1").conf().getLayer().getConstraints());
        }
    }
}
