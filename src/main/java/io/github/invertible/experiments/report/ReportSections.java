package io.github.invertible.experiments.report;

import java.util.List;

/** The report's sections in the order they appear: the paper's, then beyond it, then how the report was made. */
public final class ReportSections {
    /**
     * A summary computed from the numbers, F0, F1, F2, F3 and T1, T2, T3; beyond the paper F4, F5, T1 by depth and
     * the other datasets; the run log and the models' hashes last.
     */
    public static final List<ReportSection> PAPER_ORDER = List.of(
            new ReportSummary(),
            new F0Section(),
            new F1Section(),
            new F2Section(),
            new F3AndT1Section(),
            new T2Section(),
            new T3Section(),
            new BeyondThePaperSection(),
            new F4Section(),
            new F5Section(),
            new T1ByDepthSection(),
            new OtherDatasetsSection(),
            new RunMetadataSection());

    private ReportSections() {
    }
}
