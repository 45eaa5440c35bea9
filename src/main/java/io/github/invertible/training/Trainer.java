package io.github.invertible.training;

import io.github.invertible.common.AtomicFiles;
import io.github.invertible.common.Checksums;
import io.github.invertible.common.Json;
import io.github.invertible.common.RunEnvironment;
import io.github.invertible.data.Mnist;
import io.github.invertible.data.MnistSplit;
import io.github.invertible.model.NetworkFactory;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.model.SpectralNorms;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains one network on MNIST: epochs with a progress bar, test evaluation after each epoch, an
 * atomic checkpoint after each epoch (resumed on the next run), and the final model + metadata.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final int EVAL_BATCH = 500;
    /** Power iterations of the final spectral projection (one per step lags during training). */
    private static final int FINAL_PROJECTION_ITERATIONS = 100;
    /** Extra DL4J listeners (e.g. the training UI's StatsListener), called after the built-in ones. */
    private final List<TrainingListener> extraListeners = new ArrayList<>();

    /** Adds DL4J listeners to every later {@link #train} run. */
    public Trainer withListeners(TrainingListener... listeners) {
        extraListeners.addAll(List.of(listeners));
        return this;
    }

    public ModelMetadata train(TrainingConfig cfg, Mnist data) {
        boolean asImage = cfg.spec().arch() != NetworkSpec.Arch.DENSE;
        MnistSplit trainSplit = cfg.trainLimit() > 0 ? data.train().head(cfg.trainLimit()) : data.train();
        DataSet train = trainSplit.toDataSet(asImage);
        DataSet test = data.test().toDataSet(asImage);

        CheckpointStore store = new CheckpointStore(cfg.checkpointDir());
        if (cfg.fresh()) {
            store.clear();
        }
        ComputationGraph net;
        List<EpochRecord> history = new ArrayList<>();
        double trainSeconds = 0;
        var state = store.state();
        if (state.isPresent()) {
            if (!state.get().configFingerprint().equals(cfg.fingerprint())) {
                throw new IllegalStateException("checkpoint in " + store.dir() + " belongs to a different "
                        + "configuration; rerun with --fresh to discard it, or use another --name");
            }
            net = store.restoreModel();
            history.addAll(state.get().history());
            trainSeconds = state.get().trainSeconds();
            LOG.info("Resuming {} after epoch {} of {} from {}", cfg.name(), state.get().epochsDone(),
                    cfg.epochs(), store.dir());
        } else {
            net = NetworkFactory.build(cfg.spec());
        }
        LOG.info("{}: {} parameters, {} training images, batch {}, {} epochs",
                cfg.name(), net.numParams(), train.numExamples(), cfg.batchSize(), cfg.epochs());

        for (int done = 0; done < history.size(); done++) {
            // replay the in-place shuffles of the finished epochs: a resumed run sees the same order
            train.shuffle(shuffleSeed(cfg, done));
        }
        int batches = (train.numExamples() + cfg.batchSize() - 1) / cfg.batchSize();
        ProgressBarListener progress = new ProgressBarListener(batches, cfg.batchSize(), cfg.epochs());
        List<TrainingListener> listeners = new ArrayList<>(List.of(new NonFiniteLossGuard(), progress));
        listeners.addAll(extraListeners);
        net.setListeners(listeners);
        try {
            for (int epoch = history.size(); epoch < cfg.epochs(); epoch++) {
                long start = System.nanoTime();
                progress.startEpoch(epoch + 1);
                net.fit(epochIterator(train, cfg, epoch));
                progress.close();
                double seconds = (System.nanoTime() - start) / 1e9;
                trainSeconds += seconds;
                Evaluation eval = evaluate(net, test);
                EpochRecord rec = new EpochRecord(epoch + 1, 100 * eval.accuracy(), seconds,
                        train.numExamples() / seconds, net.score());
                history.add(rec);
                store.save(net, new CheckpointState(cfg.fingerprint(), epoch + 1, trainSeconds, history));
                LOG.info(String.format("epoch %d/%d: test accuracy %.2f %%, %.0f s, %.0f samples/s (checkpoint saved)",
                        rec.epoch(), cfg.epochs(), rec.testAccuracyPct(), seconds, rec.samplesPerSecond()));
            }
        } finally {
            progress.close();
        }

        if (cfg.spec().constraint().isLipschitz()) {
            // The per-step projection lags the weights; make the saved model meet its bound.
            SpectralNorms.finalProjection(net, FINAL_PROJECTION_ITERATIONS);
        }
        Evaluation eval = evaluate(net, test);
        saveModel(net, cfg);
        double[] perClass = new double[MnistSplit.CLASSES];
        for (int c = 0; c < perClass.length; c++) {
            perClass[c] = 100 * eval.recall(c);
        }
        double meanSpeed = history.stream().mapToDouble(EpochRecord::samplesPerSecond).average().orElse(0);
        ModelMetadata meta = new ModelMetadata(cfg.name(), cfg.spec(), cfg.seed(),
                cfg.epochs(), cfg.batchSize(), train.numExamples(), cfg.maxShift(), cfg.maxRotation(),
                cfg.maxScale(), net.numParams(),
                100 * eval.accuracy(), perClass, trainSeconds / 60, meanSpeed, history,
                Checksums.sha256(cfg.modelFile()), RunEnvironment.describe());
        Json.write(cfg.metadataFile(), meta);
        LOG.info(String.format("%s: test accuracy %.2f %% after %d epochs (%.1f min); wrote %s and %s",
                cfg.name(), meta.testAccuracyPct(), cfg.epochs(), meta.trainMinutes(), cfg.modelFile(),
                cfg.metadataFile()));
        LOG.info("per-class accuracy (%): " + formatPerClass(perClass));
        return meta;
    }

    private static DataSetIterator epochIterator(DataSet train, TrainingConfig cfg, int epoch) {
        // In place (a copy of the whole set per epoch drove the resident memory up), seeded by epoch.
        train.shuffle(shuffleSeed(cfg, epoch));
        ListDataSetIterator<DataSet> it = new ListDataSetIterator<>(train.batchBy(cfg.batchSize()), 1);
        if (cfg.affine()) {
            it.setPreProcessor(new RandomAffine(cfg.maxShift(), cfg.maxRotation(), cfg.maxScale(),
                    cfg.seed() * 31 + epoch));
        } else if (cfg.maxShift() > 0) {
            it.setPreProcessor(new RandomShift(cfg.maxShift(), cfg.seed() * 31 + epoch));
        }
        return it;
    }

    private static long shuffleSeed(TrainingConfig cfg, int epoch) {
        return cfg.seed() + 7919L * epoch;
    }

    public static Evaluation evaluate(ComputationGraph net, DataSet test) {
        return net.evaluate(new ListDataSetIterator<>(test.batchBy(EVAL_BATCH), 1));
    }

    private static void saveModel(ComputationGraph net, TrainingConfig cfg) {
        try {
            // No updater state: the shipped model is for inference and inversion (and stays small).
            AtomicFiles.write(cfg.modelFile(), tmp -> ModelSerializer.writeModel(net, tmp.toFile(), false));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + cfg.modelFile(), e);
        }
    }

    private static String formatPerClass(double[] perClass) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < perClass.length; c++) {
            sb.append(String.format("%d: %.2f  ", c, perClass[c]));
        }
        return sb.toString().strip();
    }

}
