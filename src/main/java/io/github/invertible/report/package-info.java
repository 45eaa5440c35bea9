/**
 * Output formats: CSV tables, line plots and digit grids (XChart), Markdown, self-contained HTML and a
 * notebook of the report (DESIGN §1.1).
 */
package io.github.invertible.report;
