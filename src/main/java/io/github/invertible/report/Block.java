package io.github.invertible.report;

import java.nio.file.Path;

/** A piece of the report; each renderer (Markdown, HTML, notebook) renders every kind. */
public sealed interface Block {
    record Heading(int level, String text) implements Block {
    }

    /** Markdown text. */
    record Paragraph(String markdown) implements Block {
    }

    /** A table with the CSV file it was read from (linked in the report). */
    record TableBlock(String caption, Table table, String csvFileName) implements Block {
    }

    /** A PNG in the report folder. */
    record Figure(String caption, Path png) implements Block {
    }
}
