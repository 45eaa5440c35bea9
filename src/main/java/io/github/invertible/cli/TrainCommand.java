package io.github.invertible.cli;

import io.github.invertible.common.OutputFolders;
import io.github.invertible.common.UserError;
import io.github.invertible.model.ConstraintMode;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.training.ModelMetadata;
import io.github.invertible.training.Trainer;
import io.github.invertible.training.TrainingConfig;
import io.github.invertible.ui.TrainingDashboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mvn exec:java -Dtrain}: trains one network and writes model/NAME.zip + model/NAME.json. */
@Command(name = "train", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        description = "Train an invertible residual rectifier network on MNIST (or --dataset). Interrupted runs resume "
                + "from the last finished epoch when started again with the same options.")
public final class TrainCommand implements Callable<Integer>, OptionSections.Sectioned {
    /** The help's option sections. */
    private static final Map<String, List<String>> SECTIONS = sections();

    private static Map<String, List<String>> sections() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("Model", List.of("--arch", "--constraint", "--units", "--width1", "--hidden1", "--hidden2",
                "--dense-width", "--head-conv", "--head-conv-layers", "--head"));
        m.put("Schedule and optimizer", List.of("--epochs", "--batch", "--lr", "--lr-schedule", "--lr-decay",
                "--optimizer", "--weight-decay", "--label-smoothing", "--seed"));
        m.put("Augmentation", List.of("--shift", "--rotate", "--scale", "--flip"));
        m.put("Data", List.of("--dataset", "--data-dir", "--train-limit", "--validation", "--test-limit",
                "--prefetch"));
        m.put("Output", List.of("--name", "--model-dir", "--fresh", "--ui", "--port"));
        return m;
    }

    @Override
    public Map<String, List<String>> optionSections() {
        return SECTIONS;
    }

    /** The dashboard's statistics are collected at most every this many iterations (histograms are not free). */
    private static final int UI_EVERY = 10;
    /** ... and at least this many times per run, so a short run still draws a curve. */
    static final int UI_MIN_POINTS = 100;

    @Option(names = "--arch", defaultValue = "conv", converter = OptionTypes.ArchConverter.class,
            completionCandidates = OptionTypes.ArchChoices.class,
            description = "One of ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}): conv (squeeze, residual conv "
                    + "units, squeeze, residual conv units, head), dense (residual units as wide as an image, C*H*W) or plaincnn "
                    + "(non-invertible baseline: plain 3x3 convolutions in place of the feature stage, the same head).")
    NetworkSpec.Arch arch;

    @Option(names = "--constraint", defaultValue = "tied", converter = OptionTypes.ConstraintConverter.class,
            description = "Residual-branch constraint: tied (W2 = alpha W1^T, invertible at any scale), "
                    + "lipschitz:C (spectral norm, |W2||W1| <= C) or none. Default: ${DEFAULT-VALUE}.")
    ConstraintMode constraint;

    @Option(names = "--units", description = "Residual units per stage (default 3 for conv, 4 for dense).")
    Integer units;

    @Option(names = "--width1", description = "Channels after the first squeeze and zero-padding (>= 4 x the image's "
            + "channels; default 16).")
    Integer width1;

    @Option(names = "--hidden1", description = "Hidden channels of the first stage's residual units (half the image's "
            + "side; default 32).")
    Integer hidden1;

    @Option(names = "--hidden2", description = "Hidden channels of the second stage's residual units (a quarter of the "
            + "image's side; default 64).")
    Integer hidden2;

    @Option(names = "--dense-width", description = "Hidden width of the dense residual units (default 512).")
    Integer denseWidth;

    @Option(names = "--head-conv", description = "Channels of the head's 3x3 convolutions (conv arch; "
            + "default 128).")
    Integer headConv;

    @Option(names = "--head-conv-layers", description = "Number of the head's 3x3 convolutions (conv arch; 0 = "
            + "dense head only; default 2).")
    Integer headConvLayers;

    @Option(names = "--head", description = "Width of the head's dense layer (default 256).")
    Integer head;

    @Option(names = "--epochs", defaultValue = "" + TrainingConfig.DEFAULT_EPOCHS, description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "" + TrainingConfig.DEFAULT_BATCH, description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", description = "Peak learning rate of the optimizer (default 1e-3).")
    Double learningRate;

    @Option(names = "--lr-schedule", defaultValue = "onecycle", converter = OptionTypes.ScheduleConverter.class,
            completionCandidates = OptionTypes.ScheduleChoices.class,
            description = "One of ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}), one step per epoch e of E: "
                    + "linear LR x (E - e)/E; exponential x LR-DECAY per epoch; cosine LR x (1 + cos(pi e/E))/2; "
                    + "onecycle a linear rise from LR/25 to LR over the first 30 %% of the epochs, then cosine (runs of "
                    + "1 or 2 epochs: the rise over the first 20 iterations instead).")
    NetworkSpec.Schedule lrSchedule;

    @Option(names = "--optimizer", defaultValue = "adam", converter = OptionTypes.OptimizerConverter.class,
            completionCandidates = OptionTypes.OptimizerChoices.class,
            description = "One of ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}): adam (with the L2 penalty "
                    + "1e-5), adamw (adam with decoupled --weight-decay) or nesterov (SGD, Nesterov momentum 0.9; "
                    + "give it a larger --lr, e.g. 0.05).")
    NetworkSpec.Optimizer optimizer;

    @Option(names = "--weight-decay", defaultValue = "0",
            description = "Decoupled weight decay (times the learning rate, applied after the update) of adamw and "
                    + "nesterov; adamw needs it > 0, adam takes none (default ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--label-smoothing", defaultValue = "0.1", paramLabel = "EPS",
            description = "Train against (1 - EPS) one-hot + EPS/K targets (K classes), in [0, 1) (default "
                    + "${DEFAULT-VALUE}, chosen on MNIST's validation split; 0 = plain cross-entropy).")
    double labelSmoothing;

    @Option(names = "--lr-decay", description = "Learning rate factor per epoch of the exponential schedule (default 0.85).")
    Double lrDecay;

    @Option(names = "--seed", defaultValue = "" + TrainingConfig.DEFAULT_SEED, description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--shift", defaultValue = "" + TrainingConfig.DEFAULT_SHIFT,
            description = "Random translation augmentation in pixels, 0 for none (default ${DEFAULT-VALUE}).")
    int shift;

    @Option(names = "--rotate", defaultValue = "" + TrainingConfig.DEFAULT_ROTATE,
            description = "Random rotation augmentation in degrees, 0 for none (default ${DEFAULT-VALUE}).")
    double rotate;

    @Option(names = "--scale", defaultValue = "" + TrainingConfig.DEFAULT_SCALE,
            description = "Random scaling augmentation: factor in [1 - S, 1 + S], 0 for none (default ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--train-limit", defaultValue = "0",
            description = "Train on the first N images only (0 = all not held out for validation; default ${DEFAULT-VALUE}).")
    int trainLimit;

    @Option(names = "--validation", defaultValue = "" + TrainingConfig.DEFAULT_VALIDATION, paramLabel = "N",
            description = "Hold out the LAST N training images, evaluated after every epoch and recorded "
                    + "(0 = train on all; default ${DEFAULT-VALUE}).")
    int validation;

    @Option(names = "--flip", description = "Mirror half the training images left-right each epoch (only for "
            + "datasets whose labels survive it, e.g. fashion-mnist; default off).")
    boolean flip;

    @Option(names = "--prefetch", defaultValue = "" + Trainer.DEFAULT_PREFETCH, paramLabel = "BATCHES",
            description = "Prepare this many augmented batches ahead on another thread (DL4J's AsyncDataSetIterator; "
                    + "0 = none; the weights are the same either way; default ${DEFAULT-VALUE}).")
    int prefetch;

    @Option(names = "--test-limit", defaultValue = "0",
            description = "Evaluate on the first N test images only (0 = all; default ${DEFAULT-VALUE}).")
    int testLimit;

    @Option(names = "--name", description = "Model name (default: ARCH-CONSTRAINT, e.g. conv-tied; on another dataset "
            + "DATASET-CONSTRAINT for conv, e.g. fashion-mnist-tied, else DATASET-ARCH-CONSTRAINT).")
    String name;

    @Option(names = "--model-dir", defaultValue = "model", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path modelDir;

    @Option(names = "--fresh", description = "Discard an existing checkpoint of this model and start over.")
    boolean fresh;

    @Option(names = "--ui", description = "Serve DL4J's training dashboard while training (http://localhost:PORT"
            + "/train/overview) and record its statistics to MODEL-DIR/NAME-stats.bin (replay: app/ui FILE).")
    boolean ui;

    @Option(names = "--port", defaultValue = "" + TrainingDashboard.DEFAULT_PORT,
            description = "Port of the training dashboard, as ui's --port (default ${DEFAULT-VALUE}).")
    int uiPort;

    /** The option's name before it matched ui's {@code --port}; still accepted, not listed. */
    @Option(names = "--ui-port", hidden = true, paramLabel = "PORT")
    Integer legacyUiPort;

    /** The dashboard's port: --port, or the old --ui-port when only that was given. */
    int port() {
        return legacyUiPort != null && uiPort == TrainingDashboard.DEFAULT_PORT ? legacyUiPort : uiPort;
    }

    @Mixin
    DataOptions data;

    /** Range of every numeric option, checked before any work (README, "Fail fast"). */
    private void validate() {
        Ranges.atLeast("--epochs", epochs, 1);
        Ranges.between("--port", port(), 1, 65535);
        Ranges.atLeast("--batch", batch, 1);
        Ranges.atLeast("--shift", shift, 0);
        Ranges.atLeast("--rotate", rotate, 0);
        Ranges.below("--scale", scale, 0, 1);
        Ranges.between("--train-limit", trainLimit, 0, 60000);
        Ranges.between("--test-limit", testLimit, 0, 10000);
        Ranges.atLeast("--validation", validation, 0);
        Ranges.atLeast("--prefetch", prefetch, 0);
        Ranges.atLeast("--units", units, 1);
        Ranges.atLeast("--width1", width1, 4);
        Ranges.atLeast("--hidden1", hidden1, 1);
        Ranges.atLeast("--hidden2", hidden2, 1);
        Ranges.atLeast("--dense-width", denseWidth, 1);
        Ranges.atLeast("--head-conv", headConv, 1);
        Ranges.atLeast("--head-conv-layers", headConvLayers, 0);
        Ranges.atLeast("--head", head, 1);
        Ranges.positive("--lr", learningRate);
        Ranges.atLeast("--weight-decay", weightDecay, 0);
        Ranges.below("--label-smoothing", labelSmoothing, 0, 1);
        if (lrDecay != null) {
            Ranges.positive("--lr-decay", lrDecay);
            Ranges.between("--lr-decay", lrDecay, 0, 1);
        }
    }

    @Override
    public Integer call() {
        validate();
        TrainingConfig cfg = config();
        OutputFolders.requireWritable(modelDir, "--model-dir"); // before the data is loaded
        ModelMetadata meta = ui ? trainWithDashboard(cfg) : new Trainer().withPrefetch(prefetch).train(cfg, data.load());
        System.out.printf("%s: test accuracy %.2f %%%s (%d epochs, %.1f min) -> %s%n",
                meta.name(), meta.testAccuracyPct(), meta.validationAccuracyPct() == null ? ""
                        : String.format(java.util.Locale.ROOT, ", validation accuracy %.2f %%",
                        meta.validationAccuracyPct()), meta.epochs(), meta.trainMinutes(), cfg.modelFile());
        return 0;
    }

    /** The run's configuration; a value the network spec refuses is the user's error, in one line. */
    TrainingConfig config() {
        try {
            return buildConfig();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    private TrainingConfig buildConfig() {
        NetworkSpec.Builder spec = NetworkSpec.builder().arch(arch.toString()).constraint(constraint)
                .seed(seed);
        if (units != null) {
            spec.unitsPerStage(units).denseUnits(units);
        }
        if (learningRate != null) {
            spec.learningRate(learningRate);
        }
        if (lrDecay != null) {
            spec.learningRateDecay(lrDecay);
        }
        if (lrSchedule != NetworkSpec.Schedule.EXPONENTIAL) {
            spec.schedule(lrSchedule, epochs);
        }
        spec.optimizer(optimizer).weightDecay(weightDecay).labelSmoothing(labelSmoothing);
        if (width1 != null) {
            spec.convWidth1(width1);
        }
        if (hidden1 != null) {
            spec.hidden1(hidden1);
        }
        if (hidden2 != null) {
            spec.hidden2(hidden2);
        }
        if (denseWidth != null) {
            spec.denseWidth(denseWidth);
        }
        if (headConv != null) {
            spec.headConv(headConv);
        }
        if (headConvLayers != null) {
            spec.headConvLayers(headConvLayers);
        }
        if (head != null) {
            spec.headWidth(head);
        }
        String modelName = name != null ? name : defaultName(data.id().id(), arch, constraint);
        return new TrainingConfig(modelName, spec.build(), epochs, batch, seed, trainLimit, shift, rotate,
                scale, modelDir, fresh, testLimit, data.id().id(), validation, flip);
    }

    private ModelMetadata trainWithDashboard(TrainingConfig cfg) {
        Path stats = cfg.modelDir().resolve(cfg.name() + "-stats.bin");
        try (TrainingDashboard dashboard = TrainingDashboard.record(port(), stats)) {
            System.out.printf("training dashboard: %s (statistics -> %s)%n", dashboard.url(), stats);
            var loaded = data.load();
            int every = uiFrequency(cfg, loaded.train().size());
            ModelMetadata meta = new Trainer().withPrefetch(prefetch).withListeners(dashboard.listener(every))
                    .train(cfg, loaded);
            System.out.printf("dashboard stopped; replay the run with: %s%n", Launcher.command("ui", stats.toString()));
            return meta;
        }
    }

    /**
     * Iterations between two dashboard records: every {@link #UI_EVERY}-th on long runs, more often on short ones
     * so that the run has at least {@link #UI_MIN_POINTS} points (a 16-batch run: every iteration).
     */
    static int uiFrequency(TrainingConfig cfg, int trainImages) {
        int images = Math.max(0, trainImages - cfg.validation());
        images = cfg.trainLimit() > 0 ? Math.min(images, cfg.trainLimit()) : images;
        long iterations = (long) cfg.epochs() * ((images + cfg.batchSize() - 1) / cfg.batchSize());
        return (int) Math.max(1, Math.min(UI_EVERY, iterations / UI_MIN_POINTS));
    }

    /** MNIST models keep their names (conv-tied); another dataset's name leads (fashion-mnist-tied). */
    static String defaultName(String dataset, NetworkSpec.Arch arch, ConstraintMode constraint) {
        String base = defaultName(arch, constraint);
        if (io.github.invertible.training.TrainingConfig.DEFAULT_DATASET.equals(dataset)) {
            return base;
        }
        return dataset + "-" + (arch == NetworkSpec.Arch.CONV ? base.substring(arch.toString().length() + 1) : base);
    }

    static String defaultName(NetworkSpec.Arch arch, ConstraintMode constraint) {
        return arch + "-" + constraint.nameToken(); // conv-tied, conv-lipschitz-0.9, conv-lipschitz-1
    }
}
