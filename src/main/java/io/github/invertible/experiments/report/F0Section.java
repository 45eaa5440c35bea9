package io.github.invertible.experiments.report;

import io.github.invertible.experiments.ArchitectureFigure;
import io.github.invertible.report.Report;
import io.github.invertible.report.Table;

import java.nio.file.Files;
import java.nio.file.Path;

/** F0: the default network's graph as drawn from its model zip ({@link ArchitectureFigure}), with its reading. */
final class F0Section implements ReportSection {
    @Override
    public void addTo(Report r, Path out, Context ctx) {
        Path f0 = out.resolve(ArchitectureFigure.CSV);
        if (Files.isRegularFile(f0)) {
            r.heading(2, "F0 — the network");
            r.figure("F0: the default network's graph, read from its trained model zip; green: the invertible "
                    + "feature stage, grey: the classifier head", out.resolve(ArchitectureFigure.PNG));
            r.paragraph(ArchitectureFigure.reading(Table.readCsv(f0)));
        }
    }
}
