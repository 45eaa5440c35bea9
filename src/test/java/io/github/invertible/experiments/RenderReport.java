package io.github.invertible.experiments;

import io.github.invertible.data.Datasets;
import io.github.invertible.experiments.report.ReproductionReport;
import io.github.invertible.report.ReportWriter;
import io.github.invertible.report.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maintainer tool (test scope, not a test): re-renders the report in a folder from the CSV files already there,
 * without rerunning the experiments: the figures drawn from CSVs (T1 by depth, training curves), optionally F4
 * (a few seconds of inversion; needs the models and MNIST), and README.md, report.html, report.ipynb. The run log
 * is read back from the folder's previous README.md. Usage: {@code RenderReport OUT MODEL_DIR [--f4]}.
 */
public final class RenderReport {
    private RenderReport() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path modelDir = Path.of(args[1]);
        Path depth = out.resolve(T1ByDepth.CSV);
        if (Files.isRegularFile(depth)) {
            T1ByDepth.plot(Table.readCsv(depth), out.resolve(T1ByDepth.PNG));
        }
        Path curves = out.resolve(TrainingCurves.CSV);
        if (Files.isRegularFile(curves)) {
            Table all = Table.readCsv(curves);
            for (String dataset : all.column("dataset").stream().distinct().toList()) {
                TrainingCurves.plot(all.where("dataset", dataset), out.resolve(TrainingCurves.png(dataset)));
            }
        }
        Path f5 = out.resolve(F5InverseStability.CSV);
        if (Files.isRegularFile(f5) && Files.isRegularFile(out.resolve(F5WorstDirection.CSV))) {
            F5Plot.plot(Table.readCsv(f5), Table.readCsv(out.resolve(F5WorstDirection.CSV)),
                    out.resolve(F5InverseStability.PNG));
        }
        if (List.of(args).contains("--f4")) {
            F4Interpolation.run(modelDir, out, Datasets.load(Datasets.Id.parse("mnist"), null));
        }
        Map<String, Object> provenance = previousRunLog(out.resolve("README.md"));
        ReportWriter.write(ReproductionReport.build(out, AccuracyTable.metadata(modelDir), provenance), out);
        System.out.println("re-rendered " + out.resolve("README.md"));
    }

    /** The "- **key**: value" lines of the previous report's run log, in order. */
    static Map<String, Object> previousRunLog(Path readme) throws java.io.IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        if (Files.isRegularFile(readme)) {
            for (String line : Files.readAllLines(readme)) {
                // the log as a list ("- **key**: value", earlier reports) or one paragraph joined by " · "
                for (String item : line.startsWith("- **") ? List.of(line.substring(2))
                        : line.startsWith("**") && line.contains(" · ") ? List.of(line.split(" · ")) : List.<String>of()) {
                    int end = item.indexOf("**: ");
                    if (item.startsWith("**") && end > 0) {
                        p.put(item.substring(2, end), item.substring(end + 4));
                    }
                }
            }
        }
        return p;
    }
}
