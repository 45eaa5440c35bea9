package io.github.invertible.experiments.report;

import io.github.invertible.report.Report;

import java.nio.file.Path;

/** The heading and the introduction of the part of the report that goes beyond the paper's figures and tables. */
final class BeyondThePaperSection implements ReportSection {
    @Override
    public void addTo(Report r, Path out, Context ctx) {
        r.heading(2, "Beyond the paper");
        r.paragraph("The sections below go beyond the paper's figures and tables: inverting points between two "
                + "digits' representations (F4), the stability of the inverse (F5), inverting from every depth of "
                + "the feature stage (T1 by depth), and a second dataset.");
    }
}
