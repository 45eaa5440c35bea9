package io.github.invertible.experiments;

import io.github.invertible.report.CsvTable;
import io.github.invertible.report.LinePlots;
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
 * {@code t2_history.csv} (every number) and one PNG with test accuracy and the loss per epoch.
 */
public final class TrainingCurves {
    public static final String CSV = "t2_history.csv";
    public static final String PNG = "t2_training_curves.png";
    static final String[] COLUMNS = {"model", "epoch", "test_accuracy_pct", "last_loss", "epoch_seconds"};

    private TrainingCurves() {
    }

    /** Writes the CSV and the figure into {@code out}; models without a history are left out. */
    public static void write(List<ModelMetadata> models, Path out) {
        CsvTable t = new CsvTable(COLUMNS);
        for (ModelMetadata m : models) {
            for (EpochRecord e : m.history() == null ? List.<EpochRecord>of() : m.history()) {
                t.add(m.name(), e.epoch(), e.testAccuracyPct(), e.lastLoss(), e.seconds());
            }
        }
        try {
            t.write(out.resolve(CSV));
            plot(Table.readCsv(out.resolve(CSV)), out.resolve(PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training curves into " + out, e);
        }
    }

    /** Two charts, one above the other, drawn from the CSV (so the figure shows exactly what the CSV holds). */
    static void plot(Table t, Path png) throws IOException {
        List<LinePlots.Series> acc = new ArrayList<>();
        List<LinePlots.Series> loss = new ArrayList<>();
        for (String model : t.column("model").stream().distinct().toList()) {
            Table rows = t.where("model", model);
            double[] epoch = numbers(rows, "epoch");
            acc.add(new LinePlots.Series(model, epoch, numbers(rows, "test_accuracy_pct"),
                    LinePlots.Style.LINE_AND_MARKERS));
            loss.add(new LinePlots.Series(model, epoch, numbers(rows, "last_loss"), LinePlots.Style.LINE_AND_MARKERS));
        }
        XYChart a = LinePlots.chart("Test accuracy after each epoch", "epoch", "test accuracy (%)", acc);
        XYChart l = LinePlots.chart("Training loss at the end of each epoch (last batch)", "epoch",
                "cross-entropy loss (log scale)", loss);
        l.getStyler().setYAxisLogarithmic(true);
        for (XYChart c : List.of(a, l)) {
            c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
            c.getStyler().setXAxisDecimalPattern("0");
        }
        a.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        LinePlots.saveStacked(png, a, l);
    }

    /** "conv-tied reaches 99.51 % after epoch 9 of 9; ..." from the CSV. */
    static String reading(Table t) {
        StringBuilder sb = new StringBuilder("**Reading.** ");
        for (String model : t.column("model").stream().distinct().toList()) {
            Table rows = t.where("model", model);
            double[] acc = numbers(rows, "test_accuracy_pct");
            int best = 0;
            for (int i = 1; i < acc.length; i++) {
                best = acc[i] > acc[best] ? i : best;
            }
            sb.append(String.format(Locale.ROOT, "%s: %.2f %% after epoch 1, best %.2f %% after epoch %s of %d; ",
                    model, acc[0], acc[best], rows.column("epoch").get(best), acc.length));
        }
        return sb.append("the loss is that of the epoch's last batch, so it is noisy; the accuracy is on the "
                + "10 000 test images.").toString();
    }

    private static double[] numbers(Table t, String column) {
        return t.column(column).stream().mapToDouble(Double::parseDouble).toArray();
    }
}
