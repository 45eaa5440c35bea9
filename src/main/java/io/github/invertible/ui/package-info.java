/**
 * DL4J's training dashboard for this application: {@link io.github.invertible.ui.TrainingDashboard} starts
 * DL4J's own {@code UIServer} (deeplearning4j-ui) on a chosen port, records a run's statistics with a
 * {@code StatsListener} into a {@code FileStatsStorage} file beside the model, and replays such a file later.
 * Nothing here is hand-written web code: pages and charts are DL4J's.
 */
package io.github.invertible.ui;
