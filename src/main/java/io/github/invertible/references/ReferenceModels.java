package io.github.invertible.references;

import io.github.invertible.model.ConstraintMode;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.training.TrainingConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The models this project trains and ships in {@code model/}, each as the typed training configuration that made
 * it (the reproduction's {@code --retrain} trains exactly these; {@code ReferenceModelsTest} checks that each
 * equals what {@code train} builds from the options printed by {@link Reference#trainCommand(int)}).
 * A reference may have several seeds (DESIGN §6.2): run k of n is the model {@code NAME-seedK} (k ≥ 2) trained with
 * seed {@code DEFAULT_SEED + k − 1} (weights, shuffle and augmentation); T2 shows one row per reference with the
 * mean and standard deviation over its seeds.
 */
public final class ReferenceModels {
    /** The suffix of the models of seeds 2, 3, ...: conv-tied, conv-tied-seed2, conv-tied-seed3. */
    public static final String SEED_SUFFIX = "-seed";

    /**
     * How a reference is trained beyond its network: the learning-rate schedule over its epochs, the label
     * smoothing of its loss and the augmentation (DESIGN §6.1): rotation and scale ranges of the random affine map
     * and left-right mirroring. The other options (optimizer, batch, shift) are {@code train}'s defaults.
     */
    public record Recipe(NetworkSpec.Schedule schedule, double labelSmoothing, double maxRotation, double maxScale,
                         boolean flip) {
        /**
         * {@code train}'s defaults: the one-cycle schedule over the epochs, label smoothing 0.1 and the default affine
         * augmentation, each chosen on MNIST's validation split (t2_recipe_search.csv, DESIGN §6.2).
         */
        public static final Recipe DEFAULT = new Recipe(NetworkSpec.Schedule.ONECYCLE, 0.1,
                TrainingConfig.DEFAULT_ROTATE, TrainingConfig.DEFAULT_SCALE, false);
        /**
         * Fashion-MNIST's recipe, chosen on its validation split (t2_recipe_search.csv): smoothing 0.1, mirroring and
         * shifts, no rotation or scaling.
         */
        public static final Recipe FASHION = new Recipe(NetworkSpec.Schedule.LINEAR, 0.1, 0, 0, true);

        /** The options {@code train} takes for this recipe, each stated even where it is the default. */
        List<String> trainOptions() {
            List<String> o = new ArrayList<>(List.of("--lr-schedule", schedule.toString(), "--label-smoothing",
                    Double.toString(labelSmoothing), "--rotate", Double.toString(maxRotation), "--scale",
                    Double.toString(maxScale)));
            if (flip) {
                o.add("--flip");
            }
            return o;
        }
    }

    /**
     * A shipped model.
     *
     * @param recipe     its schedule and smoothing
     * @param inverted   whether the reproduction inverts it (T1, F3; the first seed only)
     * @param dataset    the dataset it is trained on (DESIGN §9)
     * @param validation training images held out for the recipe choices (DESIGN §6.2)
     * @param seeds      how many seeds are trained (1 = the model NAME alone)
     */
    public record Reference(String name, NetworkSpec.Arch arch, ConstraintMode constraint, int epochs, Recipe recipe,
                            boolean inverted, String dataset, int validation, int seeds) {
        public Reference {
            if (seeds < 1) {
                throw new IllegalArgumentException("a reference needs at least one seed, got " + seeds);
            }
        }

        /** One seed on {@code dataset} with {@code validation} images held out. */
        public Reference(String name, NetworkSpec.Arch arch, ConstraintMode constraint, int epochs, Recipe recipe,
                         boolean inverted, String dataset, int validation) {
            this(name, arch, constraint, epochs, recipe, inverted, dataset, validation, 1);
        }

        /** The same reference trained with {@code n} seeds. */
        public Reference withSeeds(int n) {
            return new Reference(name, arch, constraint, epochs, recipe, inverted, dataset, validation, n);
        }

        /** Name of run k (1-based): NAME for the first, NAME-seedK after it. */
        public String modelName(int k) {
            return k == 1 ? name : name + SEED_SUFFIX + k;
        }

        /** Names of every seed's model. */
        public List<String> modelNames() {
            return IntStream.rangeClosed(1, seeds).mapToObj(this::modelName).toList();
        }

        /** Seed of run k: the default seed for the first, one more for each next. */
        public long seed(int k) {
            return TrainingConfig.DEFAULT_SEED + k - 1;
        }

        public NetworkSpec spec() {
            return spec(1);
        }

        public NetworkSpec spec(int k) {
            NetworkSpec.Builder b = NetworkSpec.builder().arch(arch).constraint(constraint).seed(seed(k))
                    .labelSmoothing(recipe.labelSmoothing());
            if (recipe.schedule() != NetworkSpec.Schedule.EXPONENTIAL) {
                b.schedule(recipe.schedule(), epochs);
            }
            return b.build();
        }

        /** The run that trains the first seed into {@code modelDir}, discarding any checkpoint. */
        public TrainingConfig config(Path modelDir) {
            return config(modelDir, 1);
        }

        /** The run of seed k. */
        public TrainingConfig config(Path modelDir, int k) {
            TrainingConfig d = TrainingConfig.defaults(modelName(k), spec(k), epochs, modelDir, true, dataset,
                    validation);
            return new TrainingConfig(d.name(), d.spec(), d.epochs(), d.batchSize(), seed(k), d.trainLimit(),
                    d.maxShift(), recipe.maxRotation(), recipe.maxScale(), d.modelDir(), d.fresh(), d.testLimit(),
                    d.dataset(), d.validation(), recipe.flip());
        }

        /** The same run as {@code train} options, for the model's provenance and the README. */
        public List<String> trainCommand() {
            return trainCommand(1);
        }

        public List<String> trainCommand(int k) {
            List<String> args = new ArrayList<>(List.of("--arch", arch.toString(), "--constraint",
                    constraint.toString(), "--epochs", Integer.toString(epochs)));
            args.addAll(recipe.trainOptions());
            args.addAll(List.of("--name", modelName(k), "--dataset", dataset, "--validation",
                    Integer.toString(validation)));
            if (k > 1) {
                args.addAll(List.of("--seed", Long.toString(seed(k))));
            }
            return args;
        }
    }

    /** The training budget every MNIST row of T2 shares (DESIGN §6.2): the default's epochs. */
    public static final int MNIST_EPOCHS = 9;
    /** The recipe every MNIST row shares, chosen on the validation split (DESIGN §6.2). */
    public static final Recipe MNIST_RECIPE = Recipe.DEFAULT;
    /** Seeds of the default model (T2's spread). */
    public static final int DEFAULT_SEEDS = 3;

    /**
     * The references: every MNIST row of T2 with the same budget ({@link #MNIST_EPOCHS} epochs, {@link #MNIST_RECIPE},
     * the last 5 000 training images held out), the default with {@link #DEFAULT_SEEDS} seeds; then the
     * Fashion-MNIST models, which share their own budget (18 epochs, {@link Recipe#FASHION}). The frontier's
     * lipschitz:2, :4 and :8 models are not inverted by T1 by default: the reproduction inverts the most accurate
     * model the proposed method certifies on at least 99 % of the digits ({@link io.github.invertible.experiments.Frontier#chosen}).
     */
    public static final List<Reference> ALL = List.of(
            mnist("conv-tied", NetworkSpec.Arch.CONV, ConstraintMode.TIED, true).withSeeds(DEFAULT_SEEDS),
            mnist("conv-lipschitz-0.9", NetworkSpec.Arch.CONV, ConstraintMode.lipschitz(0.9), true),
            // the accuracy-invertibility frontier (T3): the residual branch allowed to grow beyond a contraction
            mnist("conv-lipschitz-2", NetworkSpec.Arch.CONV, ConstraintMode.parse("lipschitz:2"), false),
            mnist("conv-lipschitz-4", NetworkSpec.Arch.CONV, ConstraintMode.parse("lipschitz:4"), false),
            mnist("conv-lipschitz-8", NetworkSpec.Arch.CONV, ConstraintMode.parse("lipschitz:8"), false),
            mnist("conv-none", NetworkSpec.Arch.CONV, ConstraintMode.NONE, false),
            mnist("dense-tied", NetworkSpec.Arch.DENSE, ConstraintMode.TIED, false),
            // the non-invertible baseline: plain 3x3 convolutions in place of the feature stage, the default's head
            mnist("plaincnn", NetworkSpec.Arch.PLAINCNN, ConstraintMode.NONE, false),
            // Fashion-MNIST's default model: its recipe and 18 epochs chosen on its validation split
            new Reference("fashion-mnist-tied", NetworkSpec.Arch.CONV, ConstraintMode.TIED, 18, Recipe.FASHION, true,
                    "fashion-mnist", TrainingConfig.DEFAULT_VALIDATION),
            new Reference("fashion-mnist-lipschitz-0.9", NetworkSpec.Arch.CONV, ConstraintMode.lipschitz(0.9), 18,
                    Recipe.FASHION, true, "fashion-mnist", TrainingConfig.DEFAULT_VALIDATION),
            // the non-invertible baseline on Fashion-MNIST with the same budget: what the invertible stage costs there
            new Reference("fashion-mnist-plaincnn", NetworkSpec.Arch.PLAINCNN, ConstraintMode.NONE, 18,
                    Recipe.FASHION, false, "fashion-mnist", TrainingConfig.DEFAULT_VALIDATION));

    /** One MNIST row of T2 with the shared budget and recipe. */
    static Reference mnist(String name, NetworkSpec.Arch arch, ConstraintMode constraint, boolean inverted) {
        return new Reference(name, arch, constraint, MNIST_EPOCHS, MNIST_RECIPE, inverted,
                TrainingConfig.DEFAULT_DATASET, TrainingConfig.DEFAULT_VALIDATION);
    }

    /** The references trained on {@code dataset}. */
    public static List<Reference> of(String dataset) {
        return ALL.stream().filter(r -> r.dataset().equals(dataset)).toList();
    }

    /** The reference a model belongs to: its name without a {@code -seedK} suffix (K ≥ 2). */
    public static String group(String modelName) {
        return modelName.replaceFirst(SEED_SUFFIX + "([2-9]|[1-9][0-9]+)$", "");
    }

    /** What an experiment does with one shipped model. */
    @FunctionalInterface
    public interface ModelRun {
        void run(String model, ComputationGraph net) throws IOException;
    }

    /**
     * Loads {@code modelDir/MODEL.zip}, or prints "{@code experiment}: ZIP not found, skipped" and returns empty when
     * the model is not there (an experiment on shipped models runs on those present).
     */
    public static Optional<ComputationGraph> loadIfPresent(Path modelDir, String model, String experiment)
            throws IOException {
        Path zip = modelDir.resolve(model + ".zip");
        if (!Files.isRegularFile(zip)) {
            System.out.println(experiment + ": " + zip + " not found, skipped");
            return Optional.empty();
        }
        io.github.invertible.training.ModelFiles.readEmbedded(zip); // verified metadata, or one line why not
        return Optional.of(ModelSerializer.restoreComputationGraph(zip.toFile(), false));
    }

    /** {@code body} on each of {@code models} present in modelDir, in order; each missing one skipped in one line. */
    public static void forEachPresent(Path modelDir, List<String> models, String experiment, ModelRun body)
            throws IOException {
        for (String model : models) {
            Optional<ComputationGraph> net = loadIfPresent(modelDir, model, experiment);
            if (net.isPresent()) {
                body.run(model, net.get());
            }
        }
    }

    private ReferenceModels() {
    }
}
