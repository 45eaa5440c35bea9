package io.github.invertible.training;

import io.github.invertible.common.AtomicFiles;
import io.github.invertible.common.OutputFolders;
import io.github.invertible.common.RunEnvironment;
import io.github.invertible.common.UserError;
import io.github.invertible.data.ImageDataset;
import io.github.invertible.data.DatasetDescriptor;
import io.github.invertible.model.NetworkFactory;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.model.UnitStatistics;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.dataset.AsyncDataSetIterator;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.preprocessor.CompositeDataSetPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains one network on a dataset (DESIGN §9): epochs with a progress bar, validation and test evaluation after
 * each epoch, an
 * atomic checkpoint after each epoch (resumed exactly on the next run: the final weights are bit-identical to
 * those of an uninterrupted run), and the final model + metadata. One run per model name at a time
 * ({@link ModelLock}). Status lines go to stdout (not the logger, which {@code mvn -q} silences).
 */
public final class Trainer {
    private static final int EVAL_BATCH = 500;
    /** Extra DL4J listeners (e.g. the training UI's StatsListener), called after the built-in ones. */
    private final List<TrainingListener> extraListeners = new ArrayList<>();

    /** Adds DL4J listeners to every later {@link #train} run. */
    public Trainer withListeners(TrainingListener... listeners) {
        extraListeners.addAll(List.of(listeners));
        return this;
    }
    /**
     * Every random stream of epoch e is seeded from (seed, e) alone, so a resumed run needs no saved generator
     * state (README, "Crash safety"): the shuffle (seed + 7919 e, applied in place; a resumed run replays the
     * shuffles of the finished epochs), the augmentation (seed * 31 + e) and ND4J's global generator, which DL4J's
     * dropout draws from (re-seeded with {@link #rngSeed} at the start of each epoch; it was not restored on
     * resume before, so two resumes from one checkpoint drew different dropout masks). Stored in each
     * checkpoint: a checkpoint of another scheme is refused.
     */
    public static final String RNG_SCHEME = "per-epoch:shuffle=seed+7919e,augment=seed*31+e,nd4j=seed*1000003+e";

    /**
     * Batches prefetched by {@link AsyncDataSetIterator} (0 = none). Measured in DESIGN §9: off by default; set
     * with {@link #withPrefetch} (train --prefetch).
     */
    public static final int DEFAULT_PREFETCH = 0;
    private int prefetch = DEFAULT_PREFETCH;

    /** Prefetch this many batches on another thread (0 = none); the trained weights are the same either way. */
    public Trainer withPrefetch(int batches) {
        if (batches < 0) {
            throw new IllegalArgumentException("prefetch must be >= 0, got " + batches);
        }
        this.prefetch = batches;
        return this;
    }

    public ModelMetadata train(TrainingConfig cfg, ImageDataset data) {
        OutputFolders.requireWritable(cfg.modelDir(), "--model-dir");
        try (ModelLock lock = ModelLock.acquire(cfg.lockFile())) {
            return trainLocked(cfg, data);
        }
    }

    private ModelMetadata trainLocked(TrainingConfig cfg, ImageDataset data) {
        DatasetDescriptor dataset = data.descriptor();
        requireDataset(cfg, dataset);
        boolean asImage = cfg.spec().arch() != NetworkSpec.Arch.DENSE;
        Splits splits = Splits.of(data.train(), cfg.validation(), cfg.trainLimit());
        DataSet train = splits.train().toDataSet(asImage);
        DataSet validation = splits.validation() == null ? null : splits.validation().toDataSet(asImage);
        DataSet test = (cfg.testLimit() > 0 ? data.test().head(cfg.testLimit()) : data.test()).toDataSet(asImage);

        CheckpointStore store = new CheckpointStore(cfg.checkpointDir());
        removeOrphans(store, cfg);
        if (cfg.fresh()) {
            store.clear();
        }
        ComputationGraph net;
        List<EpochRecord> history = new ArrayList<>();
        double trainSeconds = 0;
        Map<String, String> dataSha = data.sha256();
        var state = store.state();
        if (state.isPresent()) {
            requireSameRun(store, state.get(), cfg, dataSha);
            net = store.restoreModel(state.get());
            history.addAll(state.get().history());
            trainSeconds = state.get().trainSeconds();
            System.out.printf("Resuming %s after epoch %d of %d from %s%n", cfg.name(), state.get().epochsDone(),
                    cfg.epochs(), store.file());
        } else {
            net = NetworkFactory.build(cfg.spec(), dataset.shape());
        }
        if (history.size() > cfg.epochs()) {
            throw new UserError(store.file() + ": checkpoint has " + history.size() + " epochs, more than --epochs "
                    + cfg.epochs() + "; rerun with --fresh to discard it");
        }
        System.out.printf("%s: %s, %d parameters, %d training images (%d held out for validation), batch %d, "
                        + "%d epochs%n", cfg.name(), dataset.name(), net.numParams(), train.numExamples(),
                cfg.validation(), cfg.batchSize(), cfg.epochs());

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
                DataSetIterator it = epochIterator(train, cfg, epoch, dataset);
                Nd4j.getRandom().setSeed(rngSeed(cfg, epoch));
                net.fit(it);
                progress.close();
                double seconds = (System.nanoTime() - start) / 1e9;
                trainSeconds += seconds;
                Evaluation eval = evaluate(net, test, "test");
                Double valPct = validation == null ? null : 100 * evaluate(net, validation, "validation").accuracy();
                EpochRecord rec = new EpochRecord(epoch + 1, 100 * eval.accuracy(), seconds,
                        train.numExamples() / seconds, net.score(), valPct,
                        UnitStatistics.of(net, cfg.spec().arch(), dataset.shape())); // training curves, DESIGN §6.2
                history.add(rec);
                store.save(net, new CheckpointState(CheckpointStore.FORMAT, cfg.fingerprint(), dataSha, RNG_SCHEME,
                        epoch + 1, trainSeconds, history));
                System.out.printf("epoch %d/%d: %stest accuracy %.2f %%, %.0f s, %.0f samples/s (checkpoint %s)%n",
                        rec.epoch(), cfg.epochs(), valPct == null ? "" : String.format("validation accuracy %.2f %%, ",
                                valPct), rec.testAccuracyPct(), seconds, rec.samplesPerSecond(), store.file());
            }
        } finally {
            progress.close();
        }

        // The per-update projection lags the weights: the mode makes the saved model meet its bound.
        if (cfg.spec().constraint().beforeSaving(net)) {
            // The last epoch's unit norms were measured before these projections; record those of the saved
            // weights instead, so that the history's final row describes the model that ships.
            if (!history.isEmpty()) {
                EpochRecord last = history.remove(history.size() - 1);
                history.add(new EpochRecord(last.epoch(), last.testAccuracyPct(), last.seconds(),
                        last.samplesPerSecond(), last.lastLoss(), last.validationAccuracyPct(),
                        UnitStatistics.of(net, cfg.spec().arch(), dataset.shape())));
            }
        }
        Evaluation eval = evaluate(net, test, "test");
        Double finalValidation = validation == null ? null
                : 100 * evaluate(net, validation, "validation").accuracy();
        double[] perClass = new double[dataset.shape().classes()];
        for (int c = 0; c < perClass.length; c++) {
            perClass[c] = 100 * eval.recall(c);
        }
        double meanSpeed = history.stream().mapToDouble(EpochRecord::samplesPerSecond).average().orElse(0);
        ModelMetadata meta = new ModelMetadata(cfg.name(), cfg.spec(), cfg.seed(),
                cfg.epochs(), cfg.batchSize(), train.numExamples(), cfg.maxShift(), cfg.maxRotation(),
                cfg.maxScale(), net.numParams(),
                100 * eval.accuracy(), perClass, trainSeconds / 60, meanSpeed, history,
                null, RunEnvironment.describe(), dataSha, dataset, cfg.validation(), finalValidation, cfg.flip());
        meta = ModelFiles.write(net, meta, cfg.modelFile(), cfg.metadataFile());
        System.out.printf("%s: test accuracy %.2f %% after %d epochs (%.1f min); wrote %s and %s%n",
                cfg.name(), meta.testAccuracyPct(), cfg.epochs(), meta.trainMinutes(), cfg.modelFile(),
                cfg.metadataFile());
        if (finalValidation != null) {
            System.out.printf("%s: validation accuracy %.2f %% (last %d training images)%n", cfg.name(),
                    finalValidation, cfg.validation());
        }
        System.out.println("per-class accuracy (%): " + formatPerClass(perClass, dataset));
        System.out.println(eval.stats(false, true)); // DL4J's summary with the confusion matrix, on the test set
        return meta;
    }

    /** A checkpoint is resumed only by the run that wrote it: same configuration, same data, same RNG scheme. */
    private static void requireSameRun(CheckpointStore store, CheckpointState s, TrainingConfig cfg,
                                       Map<String, String> dataSha) {
        String how = "; rerun with --fresh to discard it, or use another --name";
        if (!cfg.fingerprint().equals(s.configFingerprint())) {
            throw new UserError("checkpoint " + store.file() + " belongs to a different configuration (" 
                    + TrainingConfig.difference(s.configFingerprint(), cfg.fingerprint()) + ")" + how);
        }
        if (!dataSha.equals(s.dataSha256())) {
            throw new UserError("checkpoint " + store.file() + " was trained on different data files (SHA-256 "
                    + "differ: " + s.dataSha256() + " vs " + dataSha + ")" + how);
        }
        if (!RNG_SCHEME.equals(s.rngScheme()) || s.epochsDone() != s.history().size()) {
            throw new UserError("checkpoint " + store.file() + " was written by another version" + how);
        }
    }

    private static void removeOrphans(CheckpointStore store, TrainingConfig cfg) {
        List<Path> removed = new ArrayList<>(store.removeOrphans());
        try {
            removed.addAll(AtomicFiles.removeOrphans(cfg.modelDir(), cfg.modelFile().getFileName().toString()));
            removed.addAll(AtomicFiles.removeOrphans(cfg.modelDir(), cfg.metadataFile().getFileName().toString()));
        } catch (IOException e) {
            throw new UserError(cfg.modelDir() + ": cannot remove orphaned temp files (" + e.getMessage() + ")", e);
        }
        for (Path p : removed) {
            System.out.println("Removed orphaned temp file " + p + " (left by a killed run)");
        }
    }

    static long rngSeed(TrainingConfig cfg, int epoch) {
        return cfg.seed() * 1_000_003L + epoch;
    }

    /**
     * The data of one epoch as a DL4J {@link DataSetIterator}: the shuffled batches with the augmentation as its
     * pre-processor, prefetched on another thread ({@link AsyncDataSetIterator}, {@link #PREFETCH} batches) when
     * that is on. The pre-processors run in batch order on that one thread, so their random streams, and the
     * result, are the same either way.
     */
    private DataSetIterator epochIterator(DataSet train, TrainingConfig cfg, int epoch, DatasetDescriptor dataset) {
        // In place (a copy of the whole set per epoch drove the resident memory up), seeded by epoch.
        train.shuffle(shuffleSeed(cfg, epoch));
        ListDataSetIterator<DataSet> it = new ListDataSetIterator<>(train.batchBy(cfg.batchSize()), 1);
        List<DataSetPreProcessor> steps = new ArrayList<>();
        if (cfg.flip()) {
            steps.add(new RandomFlip(cfg.seed() * 31 + epoch + 104_729L, dataset.shape()));
        }
        if (cfg.affine()) {
            steps.add(new RandomAffine(cfg.maxShift(), cfg.maxRotation(), cfg.maxScale(),
                    cfg.seed() * 31 + epoch, dataset.shape()));
        } else if (cfg.maxShift() > 0) {
            steps.add(new RandomShift(cfg.maxShift(), cfg.seed() * 31 + epoch, dataset.shape()));
        }
        if (steps.size() == 1) {
            it.setPreProcessor(steps.get(0));
        } else if (!steps.isEmpty()) {
            it.setPreProcessor(new CompositeDataSetPreProcessor(steps.toArray(DataSetPreProcessor[]::new)));
        }
        return prefetch > 0 ? new AsyncDataSetIterator(it, prefetch, true) : it;
    }

    /** The dataset of the run must be the one loaded, and mirroring only where it keeps the labels. */
    private static void requireDataset(TrainingConfig cfg, DatasetDescriptor dataset) {
        if (!cfg.dataset().equals(dataset.name())) {
            throw new UserError("the run is configured for dataset " + cfg.dataset() + " but the data loaded is "
                    + dataset.name());
        }
        if (cfg.flip() && !dataset.mirrorInvariant()) {
            throw new UserError("--flip: mirroring does not keep the labels of " + dataset.name()
                    + " (its descriptor says so); use it on datasets like fashion-mnist");
        }
    }

    private static long shuffleSeed(TrainingConfig cfg, int epoch) {
        return cfg.seed() + 7919L * epoch;
    }

    public static Evaluation evaluate(ComputationGraph net, DataSet test) {
        return net.evaluate(new ListDataSetIterator<>(test.batchBy(EVAL_BATCH), 1));
    }

    /** The same with a progress bar named {@code what} (evaluation takes minutes on a busy machine). */
    static Evaluation evaluate(ComputationGraph net, DataSet data, String what) {
        List<DataSet> batches = data.batchBy(EVAL_BATCH);
        try (var bar = ProgressBarListener.evaluationBar(what, data.numExamples())) {
            return net.evaluate(new ListDataSetIterator<>(batches, 1) {
                @Override
                public DataSet next() {
                    DataSet d = super.next();
                    bar.stepBy(d.numExamples());
                    return d;
                }
            });
        }
    }

    private static String formatPerClass(double[] perClass, DatasetDescriptor dataset) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < perClass.length; c++) {
            sb.append(String.format("%s: %.2f  ", dataset.className(c), perClass[c]));
        }
        return sb.toString().strip();
    }

}
