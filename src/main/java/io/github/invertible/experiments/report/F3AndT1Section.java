package io.github.invertible.experiments.report;

import io.github.invertible.experiments.RecoveredDigitsFigure;
import io.github.invertible.experiments.RelativeErrorTable;
import io.github.invertible.report.Report;
import io.github.invertible.report.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * F3 and T1: the recovered digits of every MNIST model inverted ({@link RecoveredDigitsFigure}) and their relative
 * error per class ({@link RelativeErrorTable}); absent without T1's CSV. Models of other datasets have theirs in
 * {@link OtherDatasetsSection}.
 */
final class F3AndT1Section implements ReportSection {
    /** The model F3's un-suffixed figure shows ({@code f3_recovered.png}: {@code invert}'s default model). */
    static final String DEFAULT_F3_MODEL = "conv-tied";

    @Override
    public void addTo(Report r, Path out, Context ctx) {
        Path t1 = out.resolve(RelativeErrorTable.CSV);
        if (!Files.isRegularFile(t1)) {
            return;
        }
        r.heading(2, "F3 — recovered digits");
        Set<String> elsewhere = OtherDatasetsSection.models(out); // their F3 is in their section
        try (var pngs = Files.list(out)) {
            pngs.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(RecoveredDigitsFigure.STEM) && n.endsWith(".png"))
                    .filter(n -> elsewhere.stream().noneMatch(m -> n.equals(RecoveredDigitsFigure.png(m)))).sorted()
                    .forEach(n -> {
                        String model = n.equals(RecoveredDigitsFigure.PNG) ? DEFAULT_F3_MODEL
                                : n.substring(RecoveredDigitsFigure.STEM.length() + 1, n.length() - ".png".length());
                        r.figure("F3, " + model + ": originals, then the proposed and the existing method's "
                                + "recoveries from the top of the feature stage", out.resolve(n));
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        r.paragraph("**Reading.** Each column is one test digit: the original on top, under it each method's "
                + "recovery from the top of the feature stage with its relative error; a red frame marks a digit "
                + "that was not recovered (the image is then the last iterate, clipped for display).");
        r.heading(2, "T1 — relative error of the recovered digits, per class");
        Table t = Table.readCsv(t1);
        r.paragraph(Readings.t1(t));
        for (String model : t.column("model").stream().distinct().toList()) {
            r.table("T1, " + model + " (classes as columns; 100 test digits per class)",
                    RelativeErrorTable.byClass(t, model, "class"), t1);
        }
    }
}
