/**
 * The assembly of the reproduction report from the files the experiments wrote into one folder: one
 * {@link io.github.invertible.experiments.report.ReportSection} per section (F0, F1, F2, F3 and T1, T2, T3, beyond
 * the paper F4, F5, T1 by depth and the other datasets, and how the report was made), listed once and in order in
 * {@link io.github.invertible.experiments.report.ReportSections#PAPER_ORDER}; the summary on top and the readings
 * in words, computed from the CSV files. Each section reads the file names from the experiment class that writes
 * them. {@link io.github.invertible.experiments.report.ReproductionReport#build} puts the sections together;
 * {@code io.github.invertible.report} turns the result into Markdown, HTML and a notebook.
 */
package io.github.invertible.experiments.report;
