package io.github.invertible.experiments.report;

import io.github.invertible.experiments.AccuracyTable;
import io.github.invertible.experiments.RecoveredDigitsFigure;
import io.github.invertible.experiments.RelativeErrorTable;
import io.github.invertible.experiments.TrainingCurves;
import io.github.invertible.model.NetworkSpec;
import io.github.invertible.references.ReferenceModels;
import io.github.invertible.report.Cells;
import io.github.invertible.report.Report;
import io.github.invertible.report.Table;
import io.github.invertible.training.ModelMetadata;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The report's section per dataset beyond MNIST (DESIGN §9): from {@link RelativeErrorTable#DATASETS_CSV}
 * (written by {@code invert} for models whose metadata names another dataset) F3 with the class names, T1 per
 * class and the models' T2 rows. Absent (no section) until such models exist.
 */
final class OtherDatasetsSection implements ReportSection {
    /** Models whose T1 rows are in the datasets CSV: their F3 belongs here, not in the MNIST section. */
    static Set<String> models(Path out) {
        Path csv = out.resolve(RelativeErrorTable.DATASETS_CSV);
        return Files.isRegularFile(csv) ? new LinkedHashSet<>(Table.readCsv(csv).column("model")) : Set.of();
    }

    @Override
    public void addTo(Report r, Path out, Context ctx) {
        List<ModelMetadata> metadata = ctx.models();
        Path csv = out.resolve(RelativeErrorTable.DATASETS_CSV);
        if (!Files.isRegularFile(csv)) {
            return;
        }
        Table all = Table.readCsv(csv);
        for (String dataset : new LinkedHashSet<>(all.column("dataset"))) {
            Table t1 = all.where("dataset", dataset);
            Set<String> models = new LinkedHashSet<>(t1.column("model"));
            r.heading(2, "Beyond MNIST — " + dataset);
            for (String model : models) {
                Path png = out.resolve(RecoveredDigitsFigure.png(model));
                if (Files.isRegularFile(png)) {
                    r.figure("F3 " + dataset + " (" + model + "): the first test image of each class, then each "
                            + "method's recovery from the top of the feature stage", png);
                }
            }
            r.paragraph(reading(t1));
            for (String model : models) {
                r.table("T1 " + dataset + ", " + model + " (classes as columns)",
                        RelativeErrorTable.byClass(t1, model, "class_name"), csv);
            }
            StringBuilder t2 = new StringBuilder("| model | arch | constraint | params | epochs | validation images "
                    + "| validation accuracy (%) | test accuracy (%) | training (min) |\n"
                    + "|---|---|---|---|---|---|---|---|---|\n");
            List<List<String>> accuracy = new ArrayList<>(); // T2's columns the cost of invertibility reads
            for (ModelMetadata m : metadata) {
                if (m.dataset() != null && m.dataset().name().equals(dataset)) {
                    accuracy.add(List.of(m.name(), Integer.toString(m.epochs()), "1",
                            Double.toString(m.testAccuracyPct()), ""));
                    t2.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | %d | %s | %.2f | %.1f |%n",
                            m.name(), m.spec().arch(), m.spec().constraint(), m.parameters(), m.epochs(),
                            m.validationSize(), m.validationAccuracyPct() == null ? "" : String.format(Locale.ROOT,
                                    "%.2f", m.validationAccuracyPct()), m.testAccuracyPct(), m.trainMinutes()));
                }
            }
            Path curves = out.resolve(TrainingCurves.png(dataset));
            if (Files.isRegularFile(curves)) {
                r.figure("Training curves on " + dataset + ": test accuracy (solid), validation accuracy (dashed) "
                        + "and loss per epoch", curves);
                r.paragraph(TrainingCurves.reading(Table.readCsv(out.resolve(TrainingCurves.CSV))
                        .where("dataset", dataset)));
            }
            if (!accuracy.isEmpty()) { // a row per model of this dataset
                r.paragraph("**T2 " + dataset + "** (from model/NAME.json; the validation images are the last ones "
                        + "of the training file, held out):\n\n" + t2);
                String cost = cost(dataset, new Table(List.of("model", "epochs", "seeds", "test_accuracy_pct",
                        "test_accuracy_sd"), accuracy));
                if (cost != null) {
                    r.paragraph(cost);
                }
            }
        }
    }

    /**
     * The dataset's default invertible model (its first reference) against its plain-CNN reference, as for MNIST's T2
     * ({@link AccuracyTable#costOfInvertibility}); null when either is absent.
     */
    static String cost(String dataset, Table accuracy) {
        List<ReferenceModels.Reference> refs = ReferenceModels.of(dataset);
        var plain = refs.stream().filter(r -> r.arch() == NetworkSpec.Arch.PLAINCNN).findFirst();
        return plain.isEmpty() ? null
                : AccuracyTable.costOfInvertibility(accuracy, refs.get(0).name(), plain.get().name());
    }

    /** "model: proposed recovers 100 % (median 4 iterations per unit), existing 0 % ..." per model. */
    static String reading(Table t1) {
        List<String> parts = new ArrayList<>();
        for (List<String> row : t1.where("class", "all").rows()) {
            parts.add(String.format(Locale.ROOT, "%s, %s: %s %% of %s test images recovered (median %s iterations "
                            + "per unit)", row.get(0), row.get(1), Cells.cell(row, t1, "recovered_pct"),
                    Cells.cell(row, t1, "samples"), Cells.cell(row, t1, "median_iters")));
        }
        return "**Reading.** " + String.join("; ", parts) + ".";
    }
}
