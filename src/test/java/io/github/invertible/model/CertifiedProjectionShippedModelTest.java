package io.github.invertible.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The certified projection (DESIGN §3.7) on the shipped {@code model/conv-lipschitz-0.9.zip}: before it, power
 * iteration had left unit1_2 at ‖W2‖‖W1‖ = 0.900025 by an independent dense SVD; after it, every W1 and W2 of
 * every unit is below sqrt(0.9) by a Cholesky certificate of 0.9·I − WᵀW (a factorisation, independent of the
 * eigensolver the projection uses), so every product is below 0.9. About 30 s idle: twelve Cholesky factorisations
 * of 3136×3136 Gram matrices in the projection, the eigenvalues of those above sqrt(C), twelve more here.
 */
class CertifiedProjectionShippedModelTest {

    private static final double C = 0.9;

    @Test
    void everyUnitOfTheShippedLipschitzModelEndsBelowC() throws IOException {
        ComputationGraph net = ComputationGraph.load(new File("model/conv-lipschitz-0.9.zip"), false);
        Map<String, CertifiedNorms.Projected> p = CertifiedNorms.project(net);
        assertEquals(12, p.size(), "W1 and W2 of six units: " + p.keySet());
        p.forEach((k, v) -> System.out.printf("%s: norm before %s, factor %.9f, certified after <= %.7f%n", k,
                Double.isNaN(v.before()) ? "(certified below sqrt(C), not computed)"
                        : String.format("%.7f", v.before()), v.factor(), v.certifiedAfter()));
        // the shipped weights break the bound by a hair (unit1_2: 0.900025 by an independent SVD): the test can fail
        assertTrue(p.values().stream().anyMatch(v -> v.factor() < 1), "nothing was above sqrt(C)");
        for (int stage = 1; stage <= 2; stage++) {
            for (int i = 1; i <= 3; i++) {
                String u = NetworkFactory.convUnitName(stage, i);
                assertTrue(p.get(u + "_W1").certifiedAfter() * p.get(u + "_W2").certifiedAfter() <= C, u);
                Layer layer = net.getLayer(u);
                ResidualConvUnit conf = (ResidualConvUnit) layer.conf().getLayer();
                for (String w : new String[]{ResidualConvUnit.W1, ResidualConvUnit.W2}) {
                    assertTrue(CertifiedNorms.certifiedBelow(layer.getParam(w), conf.getHeight(), conf.getWidth(),
                            Math.sqrt(C)), u + "_" + w + " not certified below sqrt(C)");
                }
            }
        }
    }
}
