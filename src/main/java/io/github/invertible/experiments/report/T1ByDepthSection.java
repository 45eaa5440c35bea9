package io.github.invertible.experiments.report;

import io.github.invertible.experiments.T1ByDepth;
import io.github.invertible.report.Report;
import io.github.invertible.report.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** T1 by depth: T1's digits inverted from every vertex of the feature stage ({@link T1ByDepth}). */
final class T1ByDepthSection implements ReportSection {
    @Override
    public void addTo(Report r, Path out, Context ctx) {
        Path depth = out.resolve(T1ByDepth.CSV);
        if (Files.isRegularFile(depth)) {
            r.heading(2, "T1 by depth — inverting from every vertex of the feature stage");
            r.figure("T1 by depth: the test digits of T1 inverted from each vertex of " + T1ByDepth.MODEL
                    + " (the input's first vertex on the left, the top of the feature stage on the right), both "
                    + "methods", out.resolve(T1ByDepth.PNG));
            r.paragraph(T1ByDepth.reading(Table.readCsv(depth)));
            r.table("T1 by depth (" + Table.readCsv(depth).column("samples").get(0) + " test digits from each vertex)",
                    Table.readCsv(depth).spread(List.of("layer"), "method", List.of("recovered_pct",
                            "mean_rel_err_pct", "median_iters", "seconds"), ""), depth);
        }
    }
}
