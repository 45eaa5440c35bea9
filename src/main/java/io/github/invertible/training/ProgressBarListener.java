package io.github.invertible.training;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

import java.text.DecimalFormat;
import java.time.Duration;

/** One progress bar per epoch: batches done, loss, samples/s and ETA (the progressbar library's). */
public final class ProgressBarListener extends BaseTrainingListener {
    private final int batchesPerEpoch;
    private final int batchSize;
    private final int totalEpochs;
    private ProgressBar bar;
    private long epochStart;
    private int done;

    public ProgressBarListener(int batchesPerEpoch, int batchSize, int totalEpochs) {
        this.batchesPerEpoch = batchesPerEpoch;
        this.batchSize = batchSize;
        this.totalEpochs = totalEpochs;
    }

    /** Opens the bar for an epoch (1-based for display). */
    public void startEpoch(int epoch) {
        close();
        bar = new ProgressBarBuilder()
                .setTaskName(String.format("epoch %d/%d", epoch, totalEpochs))
                .setInitialMax(batchesPerEpoch)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(1000)
                .setMaxRenderedLength(110)
                .showSpeed(new DecimalFormat("0.0#")) // the library's default renders 0.14 as ".1"; 0.04 as "0.04"
                .setUnit(" batch", 1)
                .setEtaFunction(state -> java.util.Optional.of(eta()))
                .build();
        epochStart = System.nanoTime();
        done = 0;
    }

    /** A bar over the images of one evaluation (validation or test), closed by the caller. */
    static ProgressBar evaluationBar(String what, long images) {
        return new ProgressBarBuilder()
                .setTaskName("evaluating " + what)
                .setInitialMax(images)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(1000)
                .setMaxRenderedLength(110)
                .showSpeed(new DecimalFormat("0"))
                .setUnit(" images", 1)
                .build();
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (bar == null) {
            return;
        }
        done++;
        bar.step();
        // the library prints the extra message right after the speed ("1.6 batch/s"), so it starts with a space
        bar.setExtraMessage(String.format(" loss %.4f, %.0f samples/s", model.score(), samplesPerSecond()));
    }

    public double samplesPerSecond() {
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        return seconds > 0 ? done * (double) batchSize / seconds : 0;
    }

    private Duration eta() {
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        return done == 0 ? Duration.ZERO
                : Duration.ofSeconds((long) (seconds / done * (batchesPerEpoch - done)));
    }

    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
