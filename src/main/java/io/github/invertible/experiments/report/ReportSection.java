package io.github.invertible.experiments.report;

import io.github.invertible.report.Report;
import io.github.invertible.training.ModelMetadata;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One section of the reproduction report: it reads the files its experiment wrote into the report folder and adds
 * its headings, figures, readings and tables, or nothing when its files are not there. The sections and their
 * order are listed once, in {@link ReportSections#PAPER_ORDER}; a new figure is one class and one line there.
 */
public interface ReportSection {
    /**
     * What a section may need besides the report folder.
     *
     * @param models     the metadata of every model in the model folder, in file-name order
     * @param provenance the run log: what ran, with which options, for how long, on which environment
     */
    record Context(List<ModelMetadata> models, Map<String, Object> provenance) {
    }

    /** Adds this section to {@code r} from the files in the report folder {@code out}. */
    void addTo(Report r, Path out, Context ctx);
}
