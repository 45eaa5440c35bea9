package io.github.invertible.experiments;

import java.util.List;

/**
 * The models this project trains and ships in {@code model/}, with the training options that made
 * them (the reproduction's {@code --retrain} reruns exactly these).
 */
public final class ReferenceModels {
    /** A shipped model: its name and the {@code train} options that produce it. */
    public record Reference(String name, List<String> trainArgs, boolean inverted) {
    }

    public static final List<Reference> ALL = List.of(
            // the default configuration (9 epochs, linear learning-rate decay)
            new Reference("conv-tied", List.of("--constraint", "tied", "--epochs", "9"), true),
            // these were trained with the per-epoch factor (0.85) that was the default before
            new Reference("conv-lipschitz-0.9", List.of("--constraint", "lipschitz:0.9", "--epochs", "20",
                    "--lr-schedule", "exponential"), true),
            new Reference("conv-none", List.of("--constraint", "none", "--epochs", "4", "--lr-schedule", "exponential"), false),
            new Reference("dense-tied", List.of("--arch", "dense", "--constraint", "tied", "--epochs", "4",
                    "--lr-schedule", "exponential"), false),
            new Reference("plaincnn", List.of("--arch", "plaincnn", "--constraint", "none", "--epochs", "2",
                    "--lr-schedule", "exponential", "--name", "plaincnn"), false));

    private ReferenceModels() {
    }
}
