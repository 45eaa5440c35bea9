package io.github.invertible.experiments;

import io.github.invertible.report.CsvTable;
import io.github.invertible.report.LinePlots;
import io.github.invertible.report.Readable;
import io.github.invertible.report.Table;
import io.github.invertible.training.EpochRecord;
import io.github.invertible.training.ModelMetadata;
import org.knowm.xchart.XYChart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Training curves of the reference models, from the per-epoch history recorded in {@code model/NAME.json}:
 * {@code t2_history.csv} (every number) and one PNG per dataset with the test accuracy (solid), the validation
 * accuracy where a split was held out (dashed; DESIGN §6.2) and the loss per epoch ({@code t2_training_curves.png}
 * for MNIST, {@code t2_training_curves_DATASET.png} for the others).
 */
public final class TrainingCurves {
    public static final String CSV = "t2_history.csv";
    public static final String PNG = "t2_training_curves.png";
    static final String[] COLUMNS = {"model", "dataset", "epoch", "test_accuracy_pct", "validation_accuracy_pct",
            "last_loss", "epoch_seconds"};

    /** The figure of {@code dataset}'s models. */
    public static String png(String dataset) {
        return dataset.equals("mnist") ? PNG : "t2_training_curves_" + dataset + ".png";
    }

    private TrainingCurves() {
    }

    /** Writes the CSV and the figure into {@code out}; models without a history are left out. */
    public static void write(List<ModelMetadata> models, Path out) {
        CsvTable t = new CsvTable(COLUMNS);
        for (ModelMetadata m : models) {
            for (EpochRecord e : m.history() == null ? List.<EpochRecord>of() : m.history()) {
                t.add(m.name(), m.datasetOrMnist().name(), e.epoch(), e.testAccuracyPct(), e.validationAccuracyPct(),
                        e.lastLoss(), e.seconds());
            }
        }
        try {
            t.write(out.resolve(CSV));
            Table all = Table.readCsv(out.resolve(CSV));
            for (String dataset : all.column("dataset").stream().distinct().toList()) {
                plot(all.where("dataset", dataset), out.resolve(png(dataset)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training curves into " + out, e);
        }
    }

    /**
     * Two charts, one above the other, drawn from the CSV (so the figure shows exactly what the CSV holds). Each
     * model has one colour in both panels (its validation curve dashed in the same colour), no colour used twice.
     * The accuracy axis starts half a point below the lowest final accuracy (rounded down to a half point), so the
     * top percent where the models differ fills the panel; the first epochs' lower values run off its bottom edge
     * (the axis title says so).
     */
    static void plot(Table t, Path png) throws IOException {
        LinePlots.saveStacked(png, charts(t));
    }

    /** The accuracy and the loss panel of {@link #plot}. */
    static XYChart[] charts(Table t) {
        List<LinePlots.Series> acc = new ArrayList<>();
        List<LinePlots.Series> loss = new ArrayList<>();
        List<String> models = t.column("model").stream().distinct().toList();
        double lowestFinal = 100;
        double lowest = 100;
        for (int i = 0; i < models.size(); i++) {
            String model = models.get(i);
            java.awt.Color colour = LinePlots.palette(i);
            Table rows = t.where("model", model);
            double[] epoch = numbers(rows, "epoch");
            double[] test = numbers(rows, "test_accuracy_pct");
            lowestFinal = Math.min(lowestFinal, test[test.length - 1]);
            lowest = Math.min(lowest, java.util.Arrays.stream(test).min().orElse(100));
            acc.add(new LinePlots.Series(model, epoch, test, LinePlots.Style.LINE_AND_MARKERS, colour));
            Table withValidation = rows.whereNot("validation_accuracy_pct", "");
            if (!withValidation.rows().isEmpty()) {
                double[] val = numbers(withValidation, "validation_accuracy_pct");
                lowestFinal = Math.min(lowestFinal, val[val.length - 1]);
                lowest = Math.min(lowest, java.util.Arrays.stream(val).min().orElse(100));
                acc.add(new LinePlots.Series(model + " (validation)", numbers(withValidation, "epoch"), val,
                        LinePlots.Style.DASHED_LINE_AND_MARKERS, colour));
            }
            loss.add(new LinePlots.Series(model, epoch, numbers(rows, "last_loss"), LinePlots.Style.LINE_AND_MARKERS,
                    colour));
        }
        double bottom = accuracyAxisMin(lowestFinal);
        XYChart a = LinePlots.chart("Accuracy after each epoch (test solid, validation dashed)", "epoch",
                lowest < bottom ? "accuracy (%), from " + Readable.number(bottom) + " (lower values run off the bottom)"
                        : "accuracy (%)", acc);
        if (lowest < bottom) {
            a.getStyler().setYAxisMin(bottom).setYAxisMax(100.0);
        }
        XYChart l = LinePlots.chart("Training loss at the end of each epoch (last batch)", "epoch",
                "cross-entropy loss (log scale)", loss);
        LinePlots.logY(l);
        for (XYChart c : List.of(a, l)) {
            c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
            c.getStyler().setXAxisDecimalPattern("0");
        }
        return new XYChart[]{a, l};
    }

    /** Half a point below the lowest final accuracy, rounded down to a half point. */
    static double accuracyAxisMin(double lowestFinal) {
        return Math.floor((lowestFinal - 0.5) * 2) / 2;
    }

    /**
     * "conv-tied: 98.9 % after epoch 1, 99.51 % after epoch 9 of 9 (validation 99.6 %, best after epoch 8); ..."
     * from the CSV: the last epoch is the model's result; the validation curve is the one choices are made on.
     */
    public static String reading(Table t) {
        StringBuilder sb = new StringBuilder("**Reading.** ");
        for (String model : t.column("model").stream().distinct().toList()) {
            Table rows = t.where("model", model);
            double[] acc = numbers(rows, "test_accuracy_pct");
            sb.append(String.format(Locale.ROOT, "%s: test %.2f %% after epoch 1, %.2f %% after epoch %d",
                    model, acc[0], acc[acc.length - 1], acc.length));
            Table v = rows.whereNot("validation_accuracy_pct", "");
            if (!v.rows().isEmpty()) {
                double[] val = numbers(v, "validation_accuracy_pct");
                int best = 0;
                for (int i = 1; i < val.length; i++) {
                    best = val[i] > val[best] ? i : best;
                }
                sb.append(String.format(Locale.ROOT, " (validation %.2f %% at the end, best %.2f %% after epoch %s)",
                        val[val.length - 1], val[best], v.column("epoch").get(best)));
            }
            sb.append("; ");
        }
        return sb.append("the loss is that of the epoch's last batch, so it is noisy; test accuracy is on the "
                + "whole test set, recorded, never used to choose.").toString();
    }

    private static double[] numbers(Table t, String column) {
        return t.column(column).stream().mapToDouble(Double::parseDouble).toArray();
    }
}
