package io.github.invertible.experiments.report;

import io.github.invertible.experiments.F4Interpolation;
import io.github.invertible.report.Report;
import io.github.invertible.report.Table;

import java.nio.file.Files;
import java.nio.file.Path;

/** F4: inverting points between two digits' top representations ({@link F4Interpolation}), one figure per model. */
final class F4Section implements ReportSection {
    @Override
    public void addTo(Report r, Path out, Context ctx) {
        Path f4 = out.resolve(F4Interpolation.CSV);
        if (Files.isRegularFile(f4)) {
            r.heading(2, "F4 — inverting interpolations between two digits' representations");
            for (String model : F4Interpolation.MODELS) {
                if (Files.isRegularFile(out.resolve(F4Interpolation.png(model)))) {
                    r.figure("F4 " + model + ": each row inverts (1 - t) y0 + t y1, t = 0, 0.1, ..., 1, the top "
                            + "representations of two test digits; under each image: the class the network assigns "
                            + "(class), the largest unit certificate (res) and the norm of the dropped padded "
                            + "channels (drop)",
                            out.resolve(F4Interpolation.png(model)));
                }
            }
            r.paragraph(F4Interpolation.reading(Table.readCsv(f4)));
        }
    }
}
