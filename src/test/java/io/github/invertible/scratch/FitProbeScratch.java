package io.github.invertible.scratch;

import io.github.invertible.model.NetworkFactory;
import io.github.invertible.model.NetworkSpec;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class FitProbeScratch {
    @Test
    void probe() throws Exception {
        NetworkSpec.Builder b = NetworkSpec.builder().arch(System.getProperty("arch", "conv")).constraint(System.getProperty("c", "tied"))
                .convWidth1(Integer.getInteger("w1", 4)).hidden1(Integer.getInteger("h1", 16)).hidden2(Integer.getInteger("h2", 32)).headWidth(128);
        ComputationGraph net = NetworkFactory.build(b.build());
        INDArray x = System.getProperty("arch", "conv").equals("dense") ? Nd4j.rand(128, 784) : Nd4j.rand(128, 1, 28, 28);
        INDArray y = Nd4j.zeros(128, 10);
        for (int i = 0; i < 128; i++) y.putScalar(i, i % 10, 1);
        DataSet ds = new DataSet(x, y);
        for (int i = 0; i < 5; i++) net.fit(ds);
        long t = System.nanoTime();
        for (int i = 0; i < 20; i++) net.fit(ds);
        double ms = (System.nanoTime() - t) / 1e6 / 20;
        t = System.nanoTime();
        for (int i = 0; i < 20; i++) net.output(x);
        double fwd = (System.nanoTime() - t) / 1e6 / 20;
        System.out.printf("PROBE fit %.1f ms/iter (%.0f samples/s), output %.1f ms%n", ms, 128000 / ms, fwd);
        if (Boolean.getBoolean("jfr")) {
            Thread.sleep(100);
        }
    }
}
class FitProbeMain {
    public static void main(String[] a) throws Exception {
        new FitProbeScratch().probe();
    }
}
