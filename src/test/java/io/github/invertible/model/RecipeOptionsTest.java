package io.github.invertible.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recipe options of issue 14 (DESIGN §6.1) reach the DL4J configuration: schedules against their closed forms,
 * the optimizer and weight decay on every layer (the SameDiff residual units included), the smoothed loss against
 * the cross-entropy formula; the defaults' JSON is that of earlier releases.
 */
class RecipeOptionsTest {

    /** A tiny dense network (one residual unit of width 8, head 8): builds and trains in well under a second. */
    private static NetworkSpec.Builder tiny() {
        return NetworkSpec.builder().arch("dense").denseUnits(1).denseWidth(8).headWidth(8).learningRate(0.01);
    }

    @Test
    void defaultJsonHasNoneOfTheNewKeys() {
        String json = NetworkSpec.builder().linearDecayEpochs(9).build().toJson();
        for (String key : new String[]{"lrSchedule", "scheduleEpochs", "optimizer", "weightDecay", "labelSmoothing"}) {
            assertFalse(json.contains(key), key + " in " + json);
        }
        NetworkSpec back = NetworkSpec.fromJson(json);
        assertEquals(NetworkSpec.Schedule.LINEAR, back.lrSchedule());
        assertEquals(NetworkSpec.Optimizer.ADAM, back.optimizer());
        assertEquals(NetworkSpec.Schedule.EXPONENTIAL, NetworkSpec.defaults().lrSchedule());
        NetworkSpec recipe = tiny().schedule(NetworkSpec.Schedule.ONECYCLE, 7).optimizer(NetworkSpec.Optimizer.ADAMW)
                .weightDecay(5e-4).labelSmoothing(0.1).build();
        assertEquals(recipe, NetworkSpec.fromJson(recipe.toJson()));
        assertTrue(recipe.toJson().contains("\"lrSchedule\":\"onecycle\""), recipe.toJson());
    }

    @Test
    void cosineAndOneCycleFollowTheirClosedForms() throws Exception {
        double lr = 0.02;
        int epochs = 10;
        ComputationGraph cos = NetworkFactory.build(tiny().learningRate(lr).schedule(NetworkSpec.Schedule.COSINE, epochs).build());
        ComputationGraph one = NetworkFactory.build(tiny().learningRate(lr).schedule(NetworkSpec.Schedule.ONECYCLE, epochs).build());
        int warm = 3; // ceil(0.3 * 10)
        for (int e = 0; e < epochs; e++) {
            double cosine = lr * (1 + Math.cos(Math.PI * e / epochs)) / 2;
            double oneCycle = e < warm ? lr / 25 + (lr - lr / 25) * e / warm
                    : lr * (1 + Math.cos(Math.PI * (e - warm) / (epochs - warm))) / 2;
            assertEquals(cosine, lrAt(cos, e), 1e-12, "cosine epoch " + e);
            assertEquals(oneCycle, lrAt(one, e), 1e-12, "onecycle epoch " + e);
        }
        assertEquals(lr, lrAt(one, warm), 1e-15, "peak after the rise");
        // the schedule survives the configuration's JSON (what a saved model and a checkpoint carry)
        var back = ComputationGraphConfiguration.fromJson(cos.getConfiguration().toJson());
        var sched = ((Adam) headLayer(back).getIUpdater()).getLearningRateSchedule();
        assertEquals(lr * (1 + Math.cos(Math.PI * 4 / epochs)) / 2, sched.valueAt(123, 4), 1e-12);
        // and it is what a few real training steps use: epoch 2's rate after fitting in epoch 2
        one.getConfiguration().setEpochCount(2);
        one.fit(randomData(8));
        assertEquals(lr / 25 + (lr - lr / 25) * 2 / warm, one.getLearningRate(NetworkFactory.HEAD), 1e-9);
        assertEquals(1, NetworkFactory.oneCycleWarmEpochs(2));
        assertEquals(1, NetworkFactory.oneCycleWarmEpochs(1));
    }

    @Test
    void optimizersAndDecoupledWeightDecayReachEveryLayer() {
        ComputationGraph adamw = NetworkFactory.build(tiny().optimizer(NetworkSpec.Optimizer.ADAMW).weightDecay(5e-4).build());
        ComputationGraph nesterov = NetworkFactory.build(tiny().optimizer(NetworkSpec.Optimizer.NESTEROV).learningRate(0.05)
                .weightDecay(1e-4).build());
        ComputationGraph adam = NetworkFactory.build(tiny().build());
        for (String layer : new String[]{NetworkFactory.denseUnitName(1), NetworkFactory.HEAD}) {
            String w = layer.equals(NetworkFactory.HEAD) ? "W" : ResidualDenseUnit.W1;
            var conf = adamw.getLayer(layer).conf().getLayer();
            assertInstanceOf(Adam.class, conf.getUpdaterByParam(w), layer);
            assertEquals(5e-4, weightDecay(conf.getRegularizationByParam(w)), 0.0, layer);
            var nconf = nesterov.getLayer(layer).conf().getLayer();
            Nesterovs n = assertInstanceOf(Nesterovs.class, nconf.getUpdaterByParam(w), layer);
            assertEquals(0.9, n.getMomentum(), 0.0);
            assertEquals(0.05 * 0.85, n.getLearningRateSchedule().valueAt(0, 1), 1e-12, "its schedule (default x0.85)");
            assertEquals(1e-4, weightDecay(nconf.getRegularizationByParam(w)), 0.0, layer);
            var aconf = adam.getLayer(layer).conf().getLayer();
            assertTrue(Double.isNaN(weightDecay(aconf.getRegularizationByParam(w))), "adam has no weight decay");
            assertTrue(aconf.getRegularizationByParam(w).stream().anyMatch(r -> r instanceof L2Regularization),
                    "adam keeps its L2 penalty");
        }
        assertThrows(IllegalArgumentException.class, () -> tiny().optimizer(NetworkSpec.Optimizer.ADAMW).build());
        assertThrows(IllegalArgumentException.class, () -> tiny().weightDecay(1e-4).build());
        assertThrows(IllegalArgumentException.class, () -> tiny().labelSmoothing(1).build());
    }

    @Test
    void labelSmoothingIsCrossEntropyAgainstSmoothedTargets() {
        double eps = 0.1;
        ComputationGraph net = NetworkFactory.build(tiny().labelSmoothing(eps).build());
        OutputLayer out = (OutputLayer) net.getLayer(NetworkFactory.OUTPUT).conf().getLayer();
        LabelSmoothingMcxent loss = assertInstanceOf(LabelSmoothingMcxent.class, out.getLossFn());
        assertEquals(eps, loss.getSmoothing(), 0.0);
        assertInstanceOf(LossMCXENT.class, ((OutputLayer) NetworkFactory.build(tiny().build())
                .getLayer(NetworkFactory.OUTPUT).conf().getLayer()).getLossFn());

        Nd4j.getRandom().setSeed(9);
        INDArray z = Nd4j.randn(DataType.DOUBLE, 4, 10);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 4, 10);
        int[] cls = {3, 0, 9, 3};
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, cls[i], 1);
        }
        double expected = 0;
        double[][] grad = new double[4][10];
        for (int i = 0; i < 4; i++) {
            double max = z.getRow(i).maxNumber().doubleValue();
            double sum = 0;
            for (int k = 0; k < 10; k++) {
                sum += Math.exp(z.getDouble(i, k) - max);
            }
            for (int k = 0; k < 10; k++) {
                double p = Math.exp(z.getDouble(i, k) - max) / sum;
                double target = (k == cls[i] ? 1 - eps : 0) + eps / 10;
                expected -= target * Math.log(p) / 4;
                grad[i][k] = p - target;
            }
        }
        assertEquals(expected, loss.computeScore(y, z.dup(), new ActivationSoftmax(), null, true), 1e-12);
        INDArray g = loss.computeGradient(y, z.dup(), new ActivationSoftmax(), null);
        assertEquals(0.0, g.sub(Nd4j.createFromArray(grad)).amaxNumber().doubleValue(), 1e-12);
        assertEquals(1.0, y.sumNumber().doubleValue() / 4, 0.0, "the caller's labels are left alone");
        // the configuration (and so a saved model) keeps the loss
        var back = ComputationGraphConfiguration.fromJson(net.getConfiguration().toJson());
        assertEquals(loss, ((OutputLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex) back.getVertices()
                .get(NetworkFactory.OUTPUT)).getLayerConf().getLayer()).getLossFn());
        net.fit(randomData(8)); // a few real steps train
        assertTrue(Double.isFinite(net.score()));
    }

    private static double lrAt(ComputationGraph net, int epoch) {
        var conf = net.getLayer(NetworkFactory.HEAD).conf().getLayer();
        return ((BaseLayer) conf).getIUpdater().getLearningRate(0, epoch);
    }

    private static BaseLayer headLayer(ComputationGraphConfiguration conf) {
        return (BaseLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex) conf.getVertices().get(NetworkFactory.HEAD))
                .getLayerConf().getLayer();
    }

    private static double weightDecay(List<Regularization> rs) {
        return rs == null ? Double.NaN : rs.stream().filter(r -> r instanceof WeightDecay)
                .mapToDouble(r -> ((WeightDecay) r).getCoeff().valueAt(0, 0)).findFirst().orElse(Double.NaN);
    }

    private static DataSet randomData(int n) {
        Nd4j.getRandom().setSeed(10);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 784);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % 10, 1);
        }
        return new DataSet(x, y);
    }
}
