package io.github.invertible.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnoreProperties;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.annotation.JsonValue;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.util.Locale;

/**
 * Everything needed to rebuild a network (stored as JSON in model metadata). Immutable; use
 * {@link #builder()} / {@link #toBuilder()}.
 *
 * @param arch           conv (default), dense or plaincnn
 * @param constraint     none, tied (default) or lipschitz:c
 * @param unitsPerStage  residual units per stage (conv: per resolution; default 3)
 * @param convWidth1     channels after the first squeeze and padding (default 16; >= 4 C)
 * @param hidden1        hidden channels K of the first stage's units, at half the image's side (default 32)
 * @param hidden2        hidden channels K of the second stage's units, at a quarter of it (default 64)
 * @param kernelSize     odd kernel size of the residual convolutions (default 3)
 * @param denseWidth     hidden width k of the dense units (default 512)
 * @param denseUnits     number of dense residual units (default 4)
 * @param headConv       channels of the head's 3x3 convolutions, followed by 2x2 max pooling, in front of its
 *                       dense layer (conv arch only; default 128)
 * @param headConvLayers number of those convolutions (default 2; 0 = dense layer straight on the feature stage)
 * @param headWidth      width of the head's dense layer (default 256)
 * @param headDropout    probability of DROPPING a head activation during training (default 0.25)
 * @param learningRate   Adam learning rate (default 1e-3)
 * @param l2             L2 penalty on weights (default 1e-5; 0 = off)
 * @param logAlphaInit   initial log alpha of tied units (default ln 0.1)
 * @param seed           RNG seed for the weights (default 42)
 * @param dataType       FLOAT (training, default) or DOUBLE (exact tests / inversion)
 * @param learningRateDecay learning rate multiplied by this after every epoch (default 0.85; 1 = constant)
 * @param linearDecayEpochs if &gt; 0, the learning rate instead falls linearly over this many epochs, in one
 *                       step per epoch: {@code learningRate}·(E − e)/E in epoch e = 0 … E−1; 0 (default, and in
 *                       specs written before it existed) = the per-epoch factor above
 * @param lrSchedule     the learning-rate schedule (DESIGN §6.1): linear and exponential are described by the two
 *                       fields above (null in JSON is read as whichever of them they describe, so the JSON of the
 *                       shipped models is unchanged); cosine and onecycle step once per epoch over
 *                       {@code scheduleEpochs} epochs
 * @param scheduleEpochs epochs E of the cosine and one-cycle schedules (0 for the others)
 * @param optimizer      adam (default; absent in older JSON), adamw (Adam with decoupled weight decay) or nesterov
 *                       (SGD with Nesterov momentum {@value #NESTEROV_MOMENTUM})
 * @param weightDecay    decoupled weight decay coefficient (DL4J {@code WeightDecay}, times the learning rate) of
 *                       adamw and nesterov (default 0; adam keeps its L2 penalty {@code l2} and takes none)
 * @param labelSmoothing ε: training targets (1 − ε)·one-hot + ε/10 through the output layer's loss (default 0)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkSpec(
        Arch arch,
        ConstraintMode constraint,
        int unitsPerStage,
        int convWidth1,
        int hidden1,
        int hidden2,
        int kernelSize,
        int denseWidth,
        int denseUnits,
        int headConv,
        int headConvLayers,
        int headWidth,
        double headDropout,
        double learningRate,
        double l2,
        double logAlphaInit,
        long seed,
        DataType dataType,
        double learningRateDecay,
        int linearDecayEpochs,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = LegacySchedule.class) Schedule lrSchedule,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int scheduleEpochs,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = DefaultOptimizer.class) Optimizer optimizer,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) double weightDecay,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) double labelSmoothing) {

    /** Momentum of the nesterov optimizer. */
    public static final double NESTEROV_MOMENTUM = 0.9;

    /** Learning-rate schedules (DESIGN §6.1); every one steps once per epoch. */
    public enum Schedule {
        LINEAR, EXPONENTIAL, COSINE, ONECYCLE;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Schedule parse(String s) {
            for (Schedule v : values()) {
                if (v.toString().equalsIgnoreCase(s.trim())) {
                    return v;
                }
            }
            throw new IllegalArgumentException("Unknown learning-rate schedule '" + s
                    + "'; expected linear, exponential, cosine or onecycle");
        }
    }

    /** Optimizers (DESIGN §6.1). */
    public enum Optimizer {
        ADAM, ADAMW, NESTEROV;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Optimizer parse(String s) {
            for (Optimizer v : values()) {
                if (v.toString().equalsIgnoreCase(s.trim())) {
                    return v;
                }
            }
            throw new IllegalArgumentException("Unknown optimizer '" + s + "'; expected adam, adamw or nesterov");
        }
    }

    /** JSON leaves out the schedules the older fields already describe (Jackson: equal to the filter = omitted). */
    static final class LegacySchedule {
        @Override
        public boolean equals(Object o) {
            return o == null || o == Schedule.LINEAR || o == Schedule.EXPONENTIAL;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /** JSON leaves out the default optimizer, so the JSON of a default spec is that of earlier releases. */
    static final class DefaultOptimizer {
        @Override
        public boolean equals(Object o) {
            return o == null || o == Optimizer.ADAM;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    public enum Arch {
        CONV, DENSE, PLAINCNN;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Arch parse(String s) {
            for (Arch a : values()) {
                if (a.toString().equalsIgnoreCase(s.trim())) {
                    return a;
                }
            }
            throw new IllegalArgumentException("Unknown architecture '" + s + "'; expected conv, dense or plaincnn");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public NetworkSpec {
        if (arch == null || constraint == null || dataType == null) {
            throw new IllegalArgumentException("arch, constraint and dataType are required");
        }
        if (unitsPerStage < 0 || denseUnits < 0) {
            throw new IllegalArgumentException("unit counts must be >= 0");
        }
        if (headConvLayers < 0 || (headConvLayers > 0 && headConv < 1)) {
            throw new IllegalArgumentException("head convolutions need headConvLayers >= 0 and headConv >= 1, got "
                    + headConvLayers + " x " + headConv);
        }
        if (convWidth1 < 4) {
            throw new IllegalArgumentException("convWidth1 must be >= 4 (4 channels after the first squeeze), got "
                    + convWidth1);
        }
        if (kernelSize < 1 || kernelSize % 2 == 0) {
            throw new IllegalArgumentException("kernelSize must be odd, got " + kernelSize);
        }
        if (!(headDropout >= 0 && headDropout < 1)) {
            throw new IllegalArgumentException("headDropout must be in [0, 1), got " + headDropout);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        }
        if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
            throw new IllegalArgumentException("learningRateDecay must be in (0, 1], got " + learningRateDecay);
        }
        if (linearDecayEpochs < 0) {
            throw new IllegalArgumentException("linearDecayEpochs must be >= 0, got " + linearDecayEpochs);
        }
        if (lrSchedule == null) { // older JSON, and the JSON of linear and exponential (LegacySchedule)
            lrSchedule = linearDecayEpochs > 0 ? Schedule.LINEAR : Schedule.EXPONENTIAL;
        }
        boolean fits = switch (lrSchedule) {
            case LINEAR -> linearDecayEpochs > 0 && scheduleEpochs == 0;
            case EXPONENTIAL -> linearDecayEpochs == 0 && scheduleEpochs == 0;
            case COSINE, ONECYCLE -> linearDecayEpochs == 0 && scheduleEpochs >= 1;
        };
        if (!fits) {
            throw new IllegalArgumentException("learning-rate schedule " + lrSchedule + " does not fit linearDecayEpochs "
                    + linearDecayEpochs + " and scheduleEpochs " + scheduleEpochs
                    + " (linear uses the first, cosine and onecycle the second)");
        }
        optimizer = optimizer == null ? Optimizer.ADAM : optimizer;
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        if (optimizer == Optimizer.ADAM && weightDecay > 0) {
            throw new IllegalArgumentException("weight decay is decoupled: use optimizer adamw (or nesterov); adam "
                    + "keeps its L2 penalty");
        }
        if (optimizer == Optimizer.ADAMW && weightDecay == 0) {
            throw new IllegalArgumentException("adamw needs a weight decay > 0 (with 0 it is adam)");
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
        }
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + dataType);
        }
    }

    public static NetworkSpec defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().arch(arch).constraint(constraint).unitsPerStage(unitsPerStage).convWidth1(convWidth1)
                .hidden1(hidden1).hidden2(hidden2).kernelSize(kernelSize).denseWidth(denseWidth)
                .denseUnits(denseUnits).headConv(headConv).headConvLayers(headConvLayers)
                .headWidth(headWidth).headDropout(headDropout).learningRate(learningRate)
                .l2(l2).logAlphaInit(logAlphaInit).seed(seed).dataType(dataType).learningRateDecay(learningRateDecay)
                .linearDecayEpochs(linearDecayEpochs).lrSchedule(lrSchedule).scheduleEpochs(scheduleEpochs)
                .optimizer(optimizer).weightDecay(weightDecay).labelSmoothing(labelSmoothing);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write NetworkSpec as JSON", e);
        }
    }

    public static NetworkSpec fromJson(String json) {
        try {
            return JSON.readValue(json, NetworkSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a NetworkSpec JSON: " + json, e);
        }
    }

    /** Mutable builder with the defaults documented on the record. */
    public static final class Builder {
        private Arch arch = Arch.CONV;
        private ConstraintMode constraint = ConstraintMode.TIED;
        private int unitsPerStage = 3;
        private int convWidth1 = 16;
        private int hidden1 = 32;
        private int hidden2 = 64;
        private int kernelSize = 3;
        private int denseWidth = 512;
        private int denseUnits = 4;
        private int headConv = 128;
        private int headConvLayers = 2;
        private int headWidth = 256;
        private double headDropout = 0.25;
        private double learningRate = 1e-3;
        private double l2 = 1e-5;
        private double logAlphaInit = Math.log(0.1);
        private long seed = 42;
        private DataType dataType = DataType.FLOAT;
        private double learningRateDecay = 0.85;
        private int linearDecayEpochs = 0;
        private Schedule lrSchedule = null;
        private int scheduleEpochs = 0;
        private Optimizer optimizer = Optimizer.ADAM;
        private double weightDecay = 0;
        private double labelSmoothing = 0;

        public Builder arch(Arch v) { arch = v; return this; }
        public Builder arch(String v) { arch = Arch.parse(v); return this; }
        public Builder constraint(ConstraintMode v) { constraint = v; return this; }
        public Builder constraint(String v) { constraint = ConstraintMode.parse(v); return this; }
        public Builder unitsPerStage(int v) { unitsPerStage = v; return this; }
        public Builder convWidth1(int v) { convWidth1 = v; return this; }
        public Builder hidden1(int v) { hidden1 = v; return this; }
        public Builder hidden2(int v) { hidden2 = v; return this; }
        public Builder kernelSize(int v) { kernelSize = v; return this; }
        public Builder denseWidth(int v) { denseWidth = v; return this; }
        public Builder denseUnits(int v) { denseUnits = v; return this; }
        public Builder headConv(int v) { headConv = v; return this; }
        public Builder headConvLayers(int v) { headConvLayers = v; return this; }
        public Builder headWidth(int v) { headWidth = v; return this; }
        public Builder headDropout(double v) { headDropout = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder l2(double v) { l2 = v; return this; }
        public Builder logAlphaInit(double v) { logAlphaInit = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder dataType(DataType v) { dataType = v; return this; }
        public Builder learningRateDecay(double v) { learningRateDecay = v; return this; }
        public Builder linearDecayEpochs(int v) { linearDecayEpochs = v; return this; }
        public Builder lrSchedule(Schedule v) { lrSchedule = v; return this; }
        public Builder scheduleEpochs(int v) { scheduleEpochs = v; return this; }
        public Builder optimizer(Optimizer v) { optimizer = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder labelSmoothing(double v) { labelSmoothing = v; return this; }

        /**
         * A schedule over {@code epochs} epochs: linear sets {@code linearDecayEpochs}, cosine and onecycle
         * {@code scheduleEpochs}, exponential neither (it uses {@code learningRateDecay}).
         */
        public Builder schedule(Schedule s, int epochs) {
            lrSchedule = s;
            linearDecayEpochs = s == Schedule.LINEAR ? epochs : 0;
            scheduleEpochs = s == Schedule.COSINE || s == Schedule.ONECYCLE ? epochs : 0;
            return this;
        }

        public NetworkSpec build() {
            return new NetworkSpec(arch, constraint, unitsPerStage, convWidth1, hidden1, hidden2, kernelSize,
                    denseWidth, denseUnits, headConv, headConvLayers, headWidth, headDropout, learningRate, l2, logAlphaInit, seed, dataType,
                    learningRateDecay, linearDecayEpochs, lrSchedule, scheduleEpochs, optimizer, weightDecay,
                    labelSmoothing);
        }
    }
}
