package io.github.invertible.experiments.report;

import io.github.invertible.report.Report;
import io.github.invertible.training.ModelMetadata;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the report was made: the run log (provenance) and the models' hashes, last, for the record; absent when
 * there is neither.
 */
final class RunMetadataSection implements ReportSection {
    @Override
    public void addTo(Report r, Path out, Context ctx) {
        List<ModelMetadata> models = ctx.models();
        Map<String, Object> provenance = ctx.provenance();
        if (provenance.isEmpty() && models.isEmpty()) {
            return;
        }
        r.heading(2, "How this report was made");
        List<String> run = new java.util.ArrayList<>(); // one paragraph: a list of 25 lines was a printed page
        provenance.forEach((k, v) -> run.add("**" + k + "**: " + v));
        if (!run.isEmpty()) {
            r.paragraph(String.join(" · ", run));
        }
        if (!models.isEmpty()) {
            StringBuilder m = new StringBuilder("| model | SHA-256 of the zip | seed | epochs | trained on |\n"
                    + "|---|---|---|---|---|\n");
            for (ModelMetadata md : models) {
                m.append(String.format(Locale.ROOT, "| %s | `%s` | %d | %d | %s, %s cpus |%n", md.name(),
                        md.modelSha256(), md.seed(), md.epochs(), md.environment().get("timestamp"),
                        md.environment().get("cpus")));
            }
            r.paragraph(m.toString());
        }
    }
}
