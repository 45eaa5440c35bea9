package io.github.invertible.model;

import io.github.invertible.common.ImageShape;
import io.github.invertible.common.UserError;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SpaceToDepthLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds the networks of DESIGN.md section 3 for images of any supported shape (§9) from a {@link NetworkSpec}. Vertex names are part of the
 * contract (inversion and reports rely on them): input, squeeze1, pad1, unit1_i, squeeze2, unit2_i (conv);
 * unit_i (dense); head_dense, output (all).
 */
public final class NetworkFactory {

    public static final String INPUT = "input";
    public static final String HEAD = "head_dense";
    /** Prefix of the head's convolutions: head_conv1, head_conv2, ... */
    public static final String HEAD_CONV = "head_conv";
    public static final String HEAD_POOL = "head_pool";
    /** Prefix of the plain baseline's feature convolutions: plain_conv1, ... */
    public static final String PLAIN_CONV = "plain_conv";
    public static final String OUTPUT = "output";

    private NetworkFactory() {
    }

    /** The network for MNIST-shaped input ({@link ImageShape#MNIST}). */
    public static ComputationGraph build(NetworkSpec spec) {
        return build(spec, ImageShape.MNIST);
    }

    /** The network for images of {@code shape} (DESIGN §9); a shape the architecture cannot take is a UserError. */
    public static ComputationGraph build(NetworkSpec spec, ImageShape shape) {
        ComputationGraph net = new ComputationGraph(configuration(spec, shape, g -> { }));
        net.init();
        spec.constraint().afterInit(net);
        return net;
    }

    public static ComputationGraphConfiguration configuration(NetworkSpec spec) {
        return configuration(spec, ImageShape.MNIST, g -> { });
    }

    /**
     * Refuses, in one line, an input the architecture cannot take: the conv feature stage squeezes twice
     * (space-to-depth, block 2), so height and width must be divisible by 4 (DESIGN §9: refused, not padded).
     */
    public static void requireSupported(NetworkSpec.Arch arch, ImageShape shape) {
        if (arch == NetworkSpec.Arch.CONV && (shape.height() % 4 != 0 || shape.width() % 4 != 0)) {
            throw new UserError("images of " + shape.dimensions() + " do not fit --arch conv: its two space-to-depth "
                    + "squeezes need height and width divisible by 4 (pad the images, or use --arch dense or plaincnn)");
        }
        if (arch == NetworkSpec.Arch.PLAINCNN && (shape.height() < 4 || shape.width() < 4)) {
            throw new UserError("images of " + shape.dimensions() + " are too small for --arch plaincnn (two 2x2 "
                    + "poolings need height and width >= 4)");
        }
    }

    /** The learning rate of every epoch, one step per epoch (DESIGN §6.1). */
    static ISchedule learningRateSchedule(NetworkSpec spec) {
        double lr = spec.learningRate();
        switch (spec.lrSchedule()) {
            case LINEAR:
                // DL4J's PolySchedule is lr·(1 + i/max)^power, not a decay to zero: spell the steps out
                return perEpoch(spec.linearDecayEpochs(), e -> lr * (spec.linearDecayEpochs() - e)
                        / spec.linearDecayEpochs());
            case COSINE:
                return perEpoch(spec.scheduleEpochs(), e -> cosine(lr, e, spec.scheduleEpochs()));
            case ONECYCLE:
                if (spec.scheduleEpochs() < ONECYCLE_EPOCH_RISE_FROM) {
                    // too short for a rise in whole epochs (it would spend the first epoch at lr/25)
                    return new IterationWarmup(perEpoch(spec.scheduleEpochs(),
                            e -> cosine(lr, e, spec.scheduleEpochs())), ONECYCLE_WARMUP_ITERATIONS);
                }
                int warm = oneCycleWarmEpochs(spec.scheduleEpochs());
                return perEpoch(spec.scheduleEpochs(), e -> e < warm
                        ? lr / ONECYCLE_DIV + (lr - lr / ONECYCLE_DIV) * e / warm
                        : cosine(lr, e - warm, spec.scheduleEpochs() - warm));
            default:
                return spec.learningRateDecay() < 1
                        ? new ExponentialSchedule(ScheduleType.EPOCH, lr, spec.learningRateDecay())
                        : new FixedSchedule(lr);
        }
    }

    /** One-cycle: the rise starts at lr / this (as PyTorch's OneCycleLR's div_factor). */
    static final double ONECYCLE_DIV = 25;
    /**
     * One-cycle over this many epochs or more rises epoch by epoch (the shipped models: 9); shorter runs warm up
     * over {@link #ONECYCLE_WARMUP_ITERATIONS} iterations from lr/25 instead, then decline by cosine per epoch.
     */
    static final int ONECYCLE_EPOCH_RISE_FROM = 3;
    /** Iterations of the short one-cycle warm-up (2560 images at batch 128). */
    static final int ONECYCLE_WARMUP_ITERATIONS = 20;
    /** One-cycle: share of the epochs the rise takes (PyTorch's pct_start). */
    static final double ONECYCLE_WARM_SHARE = 0.3;

    /** Epochs of the one-cycle rise: 30 % of E, rounded up, at least 1 and fewer than E (when E > 1). */
    static int oneCycleWarmEpochs(int epochs) {
        return Math.max(1, Math.min(epochs - 1, (int) Math.ceil(ONECYCLE_WARM_SHARE * epochs)));
    }

    /** lr·(1 + cos(π e / E)) / 2: lr in epoch 0, falling towards 0 (never reached) in epoch E − 1. */
    private static double cosine(double lr, int e, int epochs) {
        return lr * (1 + Math.cos(Math.PI * e / epochs)) / 2;
    }

    private static ISchedule perEpoch(int epochs, java.util.function.IntToDoubleFunction value) {
        Map<Integer, Double> steps = new HashMap<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            steps.put(epoch, value.applyAsDouble(epoch));
        }
        return new MapSchedule(ScheduleType.EPOCH, steps);
    }

    /** The optimizer of the spec with its learning-rate schedule (weight decay is set on the builder). */
    static IUpdater updater(NetworkSpec spec) {
        ISchedule lr = learningRateSchedule(spec);
        return switch (spec.optimizer()) {
            case ADAM, ADAMW -> new Adam(lr);
            case NESTEROV -> new Nesterovs(lr, NetworkSpec.NESTEROV_MOMENTUM);
        };
    }

    /**
     * The configuration with {@code edit} applied to the graph builder before it is built (benchmarks use it
     * to swap a layer for DL4J's built-in equivalent and measure the difference).
     */
    public static ComputationGraphConfiguration configuration(NetworkSpec spec,
                                                              Consumer<ComputationGraphConfiguration.GraphBuilder> edit) {
        return configuration(spec, ImageShape.MNIST, edit);
    }

    /** The configuration for images of {@code shape}, with {@code edit} applied as above. */
    public static ComputationGraphConfiguration configuration(NetworkSpec spec, ImageShape shape,
                                                              Consumer<ComputationGraphConfiguration.GraphBuilder> edit) {
        requireSupported(spec.arch(), shape);
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(spec.dataType())
                .updater(updater(spec))
                .weightInit(WeightInit.RELU);
        if (spec.l2() > 0) {
            base.l2(spec.l2());
        }
        if (spec.weightDecay() > 0) {
            base.weightDecay(spec.weightDecay(), true); // decoupled (AdamW): applied after the updater, times lr
        }
        ComputationGraphConfiguration.GraphBuilder g = base.graphBuilder().addInputs(INPUT);
        g.setInputTypes(inputType(spec.arch(), shape));
        String top;
        switch (spec.arch()) {
            case CONV:
                top = convFeatures(g, spec, shape);
                break;
            case DENSE:
                top = denseFeatures(g, spec, shape);
                break;
            case PLAINCNN:
                top = spec.headConvLayers() > 0 ? plainFeatureStage(g) : legacyPlainCnnFeatures(g);
                break;
            default:
                throw new IllegalArgumentException("unknown arch " + spec.arch());
        }
        addHead(g, spec, top, shape.classes());
        edit.accept(g);
        ComputationGraphConfiguration conf = g.build();
        attachConstraints(conf, spec.constraint());
        return conf;
    }

    /** DL4J's type of the network input for {@code arch}: images (conv, plaincnn) or flat vectors (dense). */
    public static InputType inputType(NetworkSpec.Arch arch, ImageShape shape) {
        return arch == NetworkSpec.Arch.DENSE ? InputType.feedForward(shape.size())
                : InputType.convolutional(shape.height(), shape.width(), shape.channels());
    }

    public static String convUnitName(int stage, int index) {
        return "unit" + stage + "_" + index;
    }

    public static String denseUnitName(int index) {
        return "unit_" + index;
    }

    private static String convFeatures(ComputationGraphConfiguration.GraphBuilder g, NetworkSpec spec,
                                       ImageShape shape) {
        g.addLayer("squeeze1", new SpaceToDepthLayer.Builder(2, CNN2DFormat.NCHW).build(), INPUT);
        String top = "squeeze1";
        int squeezed = 4 * shape.channels();
        if (spec.convWidth1() < squeezed) {
            throw new UserError("--width1 " + spec.convWidth1() + " is below the " + squeezed + " channels of "
                    + shape.dimensions() + " images after the first squeeze");
        }
        if (spec.convWidth1() > squeezed) {
            g.addLayer("pad1", new ChannelPadLayer(spec.convWidth1()), top);
            top = "pad1";
        }
        for (int i = 1; i <= spec.unitsPerStage(); i++) {
            String name = convUnitName(1, i);
            g.addLayer(name, convUnit(spec.convWidth1(), spec.hidden1(), spec), top);
            top = name;
        }
        g.addLayer("squeeze2", new SpaceToDepthLayer.Builder(2, CNN2DFormat.NCHW).build(), top);
        top = "squeeze2";
        for (int i = 1; i <= spec.unitsPerStage(); i++) {
            String name = convUnitName(2, i);
            g.addLayer(name, convUnit(4 * spec.convWidth1(), spec.hidden2(), spec), top);
            top = name;
        }
        return top;
    }

    private static ResidualConvUnit convUnit(int channels, int hidden, NetworkSpec spec) {
        ResidualConvUnit u = spec.constraint().convUnit(channels, hidden, spec.kernelSize());
        u.setLogAlphaInit(spec.logAlphaInit());
        return u;
    }

    private static String denseFeatures(ComputationGraphConfiguration.GraphBuilder g, NetworkSpec spec,
                                        ImageShape shape) {
        String top = INPUT;
        for (int i = 1; i <= spec.denseUnits(); i++) {
            String name = denseUnitName(i);
            ResidualDenseUnit u = spec.constraint().denseUnit(shape.size(), spec.denseWidth());
            u.setLogAlphaInit(spec.logAlphaInit());
            g.addLayer(name, u, top);
            top = name;
        }
        return top;
    }

    /** Channels of the plain baseline's convolutions: {@link #PLAIN_STAGE}[i] for plain_conv(i + 1). */
    static final int[] PLAIN_STAGE = {32, 64, 64, 64, 64};

    /**
     * The non-invertible baseline's feature stage (DESIGN §6.2): plain 3x3 convolutions + relu at H x W (32
     * channels), H/2 x W/2 (64, 64) and H/4 x W/4 (64, 64) with 2x2 max pooling in between, so the head sees
     * 64 x H/4 x W/4 as it does on the invertible stage; on MNIST 129 600 parameters against the tied stage's
     * 124 950, so with the same head 878 154 in all against conv-tied's 873 504.
     */
    private static String plainFeatureStage(ComputationGraphConfiguration.GraphBuilder g) {
        String top = INPUT;
        for (int i = 0; i < PLAIN_STAGE.length; i++) {
            String name = PLAIN_CONV + (i + 1);
            g.addLayer(name, new ConvReluLayer(PLAIN_STAGE[i], 3), top);
            top = name;
            if (i == 0 || i == 2) { // H -> H/2 after the first convolution, H/2 -> H/4 after the third
                String pool = "plain_pool" + (i == 0 ? 1 : 2);
                g.addLayer(pool, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2).stride(2, 2).build(), top);
                top = pool;
            }
        }
        return top;
    }

    /**
     * The plain CNN of earlier releases (conv 5x5 32, pool, conv 5x5 64, pool, dense head), whose specs have no
     * head convolutions: kept so that the shipped {@code model/plaincnn.json} still describes a buildable network.
     */
    private static String legacyPlainCnnFeatures(ComputationGraphConfiguration.GraphBuilder g) {
        g.addLayer("conv1", new ConvolutionLayer.Builder(5, 5).nOut(32).activation(Activation.RELU)
                .convolutionMode(ConvolutionMode.Same).build(), INPUT);
        g.addLayer("pool1", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                .kernelSize(2, 2).stride(2, 2).build(), "conv1");
        g.addLayer("conv2", new ConvolutionLayer.Builder(5, 5).nOut(64).activation(Activation.RELU)
                .convolutionMode(ConvolutionMode.Same).build(), "pool1");
        g.addLayer("pool2", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                .kernelSize(2, 2).stride(2, 2).build(), "conv2");
        return "pool2";
    }

    /**
     * Head (the classifier, not inverted): for conv networks optional 3x3 convolutions + relu, then 2x2 max
     * pooling (a lipschitz-bounded feature stage stays close to the pixels, so the head needs spatial
     * features of its own), then dense + relu, dropout on its activations, softmax output.
     */
    private static void addHead(ComputationGraphConfiguration.GraphBuilder g, NetworkSpec spec, String top,
                                int classes) {
        if (spec.arch() != NetworkSpec.Arch.DENSE && spec.headConvLayers() > 0) { // conv and plaincnn: the same head
            for (int i = 1; i <= spec.headConvLayers(); i++) {
                g.addLayer(HEAD_CONV + i, new ConvReluLayer(spec.headConv(), 3), top);
                top = HEAD_CONV + i;
            }
            g.addLayer(HEAD_POOL, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                    .kernelSize(2, 2).stride(2, 2).convolutionMode(ConvolutionMode.Same).build(), top);
            top = HEAD_POOL;
        }
        g.addLayer(HEAD, new DenseLayer.Builder().nOut(spec.headWidth()).activation(Activation.RELU).build(), top);
        OutputLayer.Builder out = (spec.labelSmoothing() > 0
                ? new OutputLayer.Builder(new LabelSmoothingMcxent(spec.labelSmoothing()))
                : new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT))
                .nOut(classes).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER);
        if (spec.headDropout() > 0) {
            out.dropOut(new Dropout(1.0 - spec.headDropout())); // DL4J's argument is the RETAIN probability
        }
        g.addLayer(OUTPUT, out.build(), HEAD);
        g.setOutputs(OUTPUT);
    }

    /** SameDiff layers ignore builder constraints: the mode attaches its own to the built unit configurations. */
    private static void attachConstraints(ComputationGraphConfiguration conf, ConstraintMode mode) {
        for (GraphVertex v : conf.getVertices().values()) {
            if (v instanceof LayerVertex) {
                var layer = ((LayerVertex) v).getLayerConf().getLayer();
                if (layer instanceof ResidualConvUnit || layer instanceof ResidualDenseUnit) {
                    mode.attachTo(layer);
                }
            }
        }
    }
}
