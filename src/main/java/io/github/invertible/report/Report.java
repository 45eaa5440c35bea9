package io.github.invertible.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An ordered list of blocks, built by the experiments and rendered to Markdown, HTML and a notebook. */
public final class Report {
    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    public Report(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    public List<Block> blocks() {
        return List.copyOf(blocks);
    }

    public Report heading(int level, String text) {
        blocks.add(new Block.Heading(level, text));
        return this;
    }

    public Report paragraph(String markdown) {
        blocks.add(new Block.Paragraph(markdown));
        return this;
    }

    public Report table(String caption, Path csv, String... columns) {
        Table t = Table.readCsv(csv);
        blocks.add(new Block.TableBlock(caption, columns.length == 0 ? t : t.select(columns),
                csv.getFileName().toString()));
        return this;
    }

    /** A table already read (and perhaps filtered) from {@code csv}. */
    public Report table(String caption, Table table, Path csv) {
        blocks.add(new Block.TableBlock(caption, table, csv.getFileName().toString()));
        return this;
    }

    public Report figure(String caption, Path png) {
        blocks.add(new Block.Figure(caption, png));
        return this;
    }

    /** Markdown of one block; figures link to the PNG by file name (the report sits beside it). */
    static String markdown(Block block) {
        if (block instanceof Block.Heading h) {
            return "#".repeat(h.level()) + " " + h.text() + "\n";
        } else if (block instanceof Block.Paragraph p) {
            return p.markdown().strip() + "\n";
        } else if (block instanceof Block.TableBlock t) {
            return "**" + t.caption() + "** ([" + t.csvFileName() + "](" + t.csvFileName() + "))\n\n"
                    + Readable.table(t.table()).toMarkdown();
        } else if (block instanceof Block.Figure f) {
            String name = f.png().getFileName().toString();
            return "![" + f.caption() + "](" + name + ")\n\n*" + f.caption() + "*\n";
        }
        throw new IllegalArgumentException("unknown block " + block);
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        for (Block b : blocks) {
            sb.append(markdown(b)).append("\n");
        }
        return sb.toString();
    }
}
