package io.github.invertible.experiments.report;

import io.github.invertible.experiments.AccuracyTable;
import io.github.invertible.experiments.RecipeSearch;
import io.github.invertible.experiments.TrainingCurves;
import io.github.invertible.experiments.UnitCurves;
import io.github.invertible.references.ReferenceModels;
import io.github.invertible.report.Report;
import io.github.invertible.report.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * T2: test accuracy of the MNIST references ({@link AccuracyTable}), how each was trained, the recipe search
 * ({@link RecipeSearch}), the training curves and the residual units during training.
 */
final class T2Section implements ReportSection {
    @Override
    public void addTo(Report r, Path out, Context ctx) {
        Path t2 = out.resolve(AccuracyTable.CSV);
        if (Files.isRegularFile(t2)) {
            r.heading(2, "T2 — test accuracy");
            r.paragraph(Readings.t2(Table.readCsv(t2)));
            r.table("T2 (the CSV also has each network's layout)", Table.readCsv(t2)
                    .whereNot("test_accuracy_pct", "").without("arch", "layout", "source"), t2);
            r.paragraph(trainCommands(ReferenceModels.of("mnist")));
        }
        Path search = out.resolve(RecipeSearch.CSV);
        if (Files.isRegularFile(search)) {
            // the reading names the choice and its margin; every candidate's row is in the linked CSV
            r.paragraph(RecipeSearch.reading(Table.readCsv(search)) + " Every candidate (validation split; test "
                    + "accuracy for the record only): [" + RecipeSearch.CSV + "](" + RecipeSearch.CSV + ").");
        }
        Path curves = out.resolve(TrainingCurves.CSV);
        if (Files.isRegularFile(curves) && !Table.readCsv(curves).where("dataset", "mnist").rows().isEmpty()) {
            r.figure("T2 training curves: test accuracy (solid), validation accuracy where a split was held out "
                    + "(dashed) and loss per epoch of every MNIST model in model/ (from the history in "
                    + "model/NAME.json)", out.resolve(TrainingCurves.PNG));
            r.paragraph(TrainingCurves.reading(Table.readCsv(curves).where("dataset", "mnist")));
        }
        Path unitCurves = out.resolve(UnitCurves.CSV);
        if (Files.isRegularFile(unitCurves) && !Table.readCsv(unitCurves).where("dataset", "mnist").rows().isEmpty()) {
            r.figure("T2 residual units during training: the tied scale alpha of every tied unit and the bound "
                    + "||W2|| ||W1|| of every unit's branch after each epoch (models trained since these were recorded; "
                    + UnitCurves.CSV + ")", out.resolve(UnitCurves.png("mnist")));
            r.paragraph(UnitCurves.reading(Table.readCsv(unitCurves).where("dataset", "mnist")));
        }
    }

    /** How each row of T2 was trained: the references' own options (what {@code --retrain} runs; DESIGN §6.2). */
    static String trainCommands(List<ReferenceModels.Reference> refs) {
        List<List<String>> commands = new java.util.ArrayList<>();
        for (ReferenceModels.Reference ref : refs) {
            for (int k = 1; k <= ref.seeds(); k++) {
                commands.add(options(ref.trainCommand(k)));
            }
        }
        // the options every row shares are said once, so that each row fits on a printed line
        List<String> common = commands.isEmpty() ? List.of() : new java.util.ArrayList<>(commands.get(0));
        commands.forEach(common::retainAll);
        StringBuilder sb = new StringBuilder("**How each row was trained** (`mvn exec:java -Dreproduce "
                + "-Dargs=--retrain` runs them all; each model's metadata records the same configuration and the "
                + "commit): `app/train " + String.join(" ", common) + "` with\n\n");
        for (List<String> c : commands) {
            sb.append("- `").append(String.join(" ", c.stream().filter(o -> !common.contains(o)).toList()))
                    .append("`\n");
        }
        return sb.toString();
    }

    /** A command's options, each with its value ("--epochs 9", "--flip"). */
    static List<String> options(List<String> tokens) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            boolean valued = i + 1 < tokens.size() && !tokens.get(i + 1).startsWith("--");
            out.add(valued ? tokens.get(i) + " " + tokens.get(++i) : tokens.get(i));
        }
        return out;
    }
}
