package io.github.invertible.experiments;

import io.github.invertible.model.ConstraintMode;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.training.TrainingConfig;

import java.nio.file.Path;
import java.util.List;

/**
 * The models this project trains and ships in {@code model/}, each as the typed training configuration that made
 * it (the reproduction's {@code --retrain} trains exactly these; {@code ReferenceModelsTest} checks that each
 * equals what {@code train} builds from the options printed by {@link Reference#trainCommand()}).
 */
public final class ReferenceModels {
    /**
     * A shipped model.
     *
     * @param linearDecay learning rate falling linearly to zero over the epochs (today's default); otherwise the
     *                    per-epoch factor of the spec, the default of the releases some models were trained with
     * @param inverted    whether the reproduction inverts it (T1, F3)
     * @param dataset     the dataset it is trained on (DESIGN §9)
     * @param validation  training images held out (the shipped MNIST models were trained on all 60 000: 0)
     */
    public record Reference(String name, NetworkSpec.Arch arch, ConstraintMode constraint, int epochs,
                            boolean linearDecay, boolean inverted, String dataset, int validation) {
        /** An MNIST model trained on all training images. */
        public Reference(String name, NetworkSpec.Arch arch, ConstraintMode constraint, int epochs,
                         boolean linearDecay, boolean inverted) {
            this(name, arch, constraint, epochs, linearDecay, inverted, TrainingConfig.DEFAULT_DATASET, 0);
        }

        public NetworkSpec spec() {
            NetworkSpec.Builder b = NetworkSpec.builder().arch(arch).constraint(constraint)
                    .seed(TrainingConfig.DEFAULT_SEED);
            if (linearDecay) {
                b.linearDecayEpochs(epochs);
            }
            return b.build();
        }

        /** The run that trains it into {@code modelDir}, discarding any checkpoint. */
        public TrainingConfig config(Path modelDir) {
            return TrainingConfig.defaults(name, spec(), epochs, modelDir, true, dataset, validation);
        }

        /** The same run as {@code train} options, for the model's provenance and the README. */
        public List<String> trainCommand() {
            return List.of("--arch", arch.toString(), "--constraint", constraint.toString(),
                    "--epochs", Integer.toString(epochs), "--lr-schedule", linearDecay ? "linear" : "exponential",
                    "--name", name, "--dataset", dataset, "--validation", Integer.toString(validation));
        }
    }

    public static final List<Reference> ALL = List.of(
            // the default configuration (9 epochs, linear learning-rate decay)
            new Reference("conv-tied", NetworkSpec.Arch.CONV, ConstraintMode.TIED, 9, true, true),
            // these were trained with the per-epoch factor (0.85) that was the default before
            new Reference("conv-lipschitz-0.9", NetworkSpec.Arch.CONV, ConstraintMode.lipschitz(0.9), 20, false, true),
            new Reference("conv-none", NetworkSpec.Arch.CONV, ConstraintMode.NONE, 4, false, false),
            new Reference("dense-tied", NetworkSpec.Arch.DENSE, ConstraintMode.TIED, 4, false, false),
            new Reference("plaincnn", NetworkSpec.Arch.PLAINCNN, ConstraintMode.NONE, 2, false, false),
            // issue 13: Fashion-MNIST, today's defaults (9 epochs, linear schedule, the last 5000 images held out)
            new Reference("fashion-mnist-tied", NetworkSpec.Arch.CONV, ConstraintMode.TIED, 9, true, true,
                    "fashion-mnist", TrainingConfig.DEFAULT_VALIDATION),
            new Reference("fashion-mnist-lipschitz-0.9", NetworkSpec.Arch.CONV, ConstraintMode.lipschitz(0.9), 9, true,
                    true, "fashion-mnist", TrainingConfig.DEFAULT_VALIDATION));

    /** The references trained on {@code dataset}. */
    public static List<Reference> of(String dataset) {
        return ALL.stream().filter(r -> r.dataset().equals(dataset)).toList();
    }

    private ReferenceModels() {
    }
}
