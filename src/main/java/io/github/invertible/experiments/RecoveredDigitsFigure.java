package io.github.invertible.experiments;

import io.github.invertible.data.ImageSplit;
import io.github.invertible.report.DigitGrid;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** F3: row 1 the originals, then one row per method (proposed first), one digit per class. */
public final class RecoveredDigitsFigure {
    /** The start of every F3 figure's file name. */
    public static final String STEM = "f3_recovered";
    /** The figure of {@code invert}'s default model. */
    public static final String PNG = STEM + ".png";

    private RecoveredDigitsFigure() {
    }

    /** The figure of any other {@code model}. */
    public static String png(String model) {
        return STEM + "_" + model + ".png";
    }

    /**
     * @param columns positions in the selection to show (e.g. the first of each class)
     */
    public static void write(Path png, String model, ImageSplit selection, int[] columns,
                             List<NetworkInversionExperiment.MethodRun> runs) {
        write(png, model, selection, columns, runs, null, "digits");
    }

    /**
     * @param classNames captions of the originals by label (null: "class N")
     * @param what       what the images are, for the title ("digits", "images")
     */
    public static void write(Path png, String model, ImageSplit selection, int[] columns,
                             List<NetworkInversionExperiment.MethodRun> runs, List<String> classNames, String what) {
        List<DigitGrid.Row> rows = new ArrayList<>();
        List<double[]> originals = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Boolean> none = new ArrayList<>();
        for (int c : columns) {
            float[] px = selection.image(c);
            double[] d = new double[px.length];
            for (int i = 0; i < px.length; i++) {
                d[i] = px[i];
            }
            originals.add(d);
            labels.add(classNames == null ? "class " + selection.label(c) : classNames.get(selection.label(c)));
            none.add(false);
        }
        rows.add(new DigitGrid.Row("original", originals, labels, none));
        for (NetworkInversionExperiment.MethodRun run : runs) {
            List<double[]> images = new ArrayList<>();
            List<String> captions = new ArrayList<>();
            List<Boolean> failed = new ArrayList<>();
            for (int c : columns) {
                SampleOutcome s = run.samples().get(c);
                images.add(s.recovered());
                captions.add(String.format(Locale.ROOT, "%.1e %%", s.relErrPct()));
                failed.add(!(s.certified() && s.relErrPct() < RelativeErrorTable.RECOVERED_PCT));
            }
            rows.add(new DigitGrid.Row(run.method().name().toLowerCase(Locale.ROOT), images, captions, failed));
        }
        DigitGrid.write(png, "Recovered " + what + ", model " + model
                + " (caption: relative error; red frame: not recovered; pixels clipped to [0,1] for display)", rows,
                selection.shape().channels(), selection.shape().height(), selection.shape().width());
    }
}
