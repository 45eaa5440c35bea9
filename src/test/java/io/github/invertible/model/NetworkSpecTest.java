package io.github.invertible.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NetworkSpecTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        NetworkSpec s = NetworkSpec.defaults();
        assertEquals(NetworkSpec.Arch.CONV, s.arch());
        assertEquals(ConstraintMode.TIED, s.constraint());
        assertEquals(3, s.unitsPerStage());
        assertEquals(16, s.convWidth1());
        assertEquals(32, s.hidden1());
        assertEquals(64, s.hidden2());
        assertEquals(512, s.denseWidth());
        assertEquals(4, s.denseUnits());
        assertEquals(128, s.headConv());
        assertEquals(2, s.headConvLayers());
        assertEquals(256, s.headWidth());
        assertEquals(0.85, s.learningRateDecay());
        assertEquals(DataType.FLOAT, s.dataType());
    }

    @Test
    void jsonRoundTrips() {
        NetworkSpec s = NetworkSpec.builder().arch("dense").constraint("lipschitz:0.9").denseUnits(3)
                .learningRate(3e-4).seed(123).dataType(DataType.DOUBLE).build();
        String json = s.toJson();
        assertEquals(s, NetworkSpec.fromJson(json));
        assertEquals(true, json.contains("\"constraint\":\"lipschitz:0.9\""), json);
        assertEquals(true, json.contains("\"arch\":\"dense\""), json);
        assertEquals(s, s.toBuilder().build());
    }

    @Test
    void specsWrittenBeforeTheConvolutionalHeadReadAsDenseHeads() {
        // model/*.json of earlier releases have no headConv fields: those networks had no head convolutions
        String old = NetworkSpec.defaults().toJson().replaceAll(",\\s*\"headConv(Layers)?\":\\d+", "");
        assertEquals(false, old.contains("headConv"), old);
        NetworkSpec s = NetworkSpec.fromJson(old);
        assertEquals(0, s.headConvLayers());
        assertEquals(NetworkSpec.defaults().headWidth(), s.headWidth());
    }

    @Test
    void learningRateSchedules() {
        // default: x0.85 per epoch, whatever the iteration
        var exp = NetworkFactory.learningRateSchedule(NetworkSpec.defaults());
        assertEquals(1e-3, exp.valueAt(500, 0), 1e-15);
        assertEquals(1e-3 * 0.85 * 0.85, exp.valueAt(0, 2), 1e-15);
        // linear: one step per epoch, from the learning rate in epoch 0 to lr/E in the last one
        var lin = NetworkFactory.learningRateSchedule(NetworkSpec.builder().learningRate(2e-3).linearDecayEpochs(4).build());
        assertEquals(2e-3, lin.valueAt(0, 0), 1e-15);
        assertEquals(2e-3, lin.valueAt(300, 0), 1e-15);
        assertEquals(1e-3, lin.valueAt(301, 2), 1e-15);
        assertEquals(5e-4, lin.valueAt(700, 3), 1e-15);
        // specs written before the field existed read as the per-epoch decay
        String old = NetworkSpec.defaults().toJson().replaceAll(",\\s*\"linearDecayEpochs\":\\d+", "");
        assertEquals(false, old.contains("linearDecay"), old);
        assertEquals(0, NetworkSpec.fromJson(old).linearDecayEpochs());
    }

    @Test
    void rejectsInvalidSpecs() {
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.builder().linearDecayEpochs(-1).build());
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.builder().headConvLayers(-1).build());
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.builder().headConv(0).build());
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.builder().convWidth1(3).build());
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.builder().kernelSize(4).build());
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.builder().headDropout(1.0).build());
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.builder().dataType(DataType.HALF).build());
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.builder().arch("resnet"));
    }
}
