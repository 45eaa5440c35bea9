package io.github.invertible.training;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/** Stops training at the first NaN or infinite loss, naming where it happened. */
public final class NonFiniteLossGuard extends BaseTrainingListener {
    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        double score = model.score();
        if (!Double.isFinite(score)) {
            throw new TrainingDivergedException(String.format(
                    "loss became %s at epoch %d, iteration %d; lower the learning rate (--lr) "
                            + "or resume from the last checkpoint with a different setting", score, epoch + 1, iteration));
        }
    }
}
