package io.github.invertible.report;

import io.github.invertible.common.AtomicFiles;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Image;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * Renders a {@link Report} into a folder as {@code README.md}, a self-contained {@code report.html}
 * (images inlined as data URIs) and {@code report.ipynb} (nbformat 4, figures as embedded outputs).
 */
public final class ReportWriter {
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportWriter() {
    }

    public static void write(Report report, Path dir) {
        try {
            Files.createDirectories(dir);
            String md = report.toMarkdown();
            AtomicFiles.write(dir.resolve("README.md"), md.getBytes(StandardCharsets.UTF_8));
            AtomicFiles.write(dir.resolve("report.html"), html(report.title(), md, dir).getBytes(StandardCharsets.UTF_8));
            AtomicFiles.write(dir.resolve("report.ipynb"),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(notebook(report, dir)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + dir, e);
        }
    }

    public static String html(String title, String markdown, Path dir) {
        Parser parser = Parser.builder().extensions(EXTENSIONS).build();
        HtmlRenderer renderer = HtmlRenderer.builder().extensions(EXTENSIONS)
                .attributeProviderFactory(ctx -> (node, tag, attrs) -> {
                    if (node instanceof Image img) {
                        attrs.put("src", dataUri(dir.resolve(img.getDestination())));
                    }
                }).build();
        String body = renderer.render(parser.parse(markdown));
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title>\n<style>body{font-family:sans-serif;font-size:15px;max-width:1100px;margin:2em auto;padding:0 1em}"
                + "table{border-collapse:collapse;font-size:90%}td,th{border:1px solid #ccc;padding:2px 6px;"
                + "text-align:right}img{max-width:100%;max-height:400px}</style></head>\n<body>\n" + body + "</body></html>\n";
    }

    static ObjectNode notebook(Report report, Path dir) {
        ObjectNode nb = JSON.createObjectNode();
        ArrayNode cells = nb.putArray("cells");
        markdownCell(cells, "# " + report.title());
        for (Block b : report.blocks()) {
            if (b instanceof Block.Figure f) {
                markdownCell(cells, "*" + f.caption() + "*");
                ObjectNode cell = cells.addObject();
                cell.put("cell_type", "code");
                cell.put("execution_count", (Integer) null);
                cell.putObject("metadata");
                cell.putArray("source").add("from IPython.display import Image\n")
                        .add("Image(filename=\"" + f.png().getFileName() + "\")");
                ObjectNode out = cell.putArray("outputs").addObject();
                out.put("output_type", "display_data");
                out.putObject("metadata");
                ObjectNode data = out.putObject("data");
                data.put("image/png", base64(dir.resolve(f.png().getFileName())));
                data.putArray("text/plain").add("<" + f.png().getFileName() + ">");
            } else {
                markdownCell(cells, Report.markdown(b));
            }
        }
        ObjectNode meta = nb.putObject("metadata");
        meta.putObject("kernelspec").put("name", "python3").put("display_name", "Python 3").put("language", "python");
        meta.putObject("language_info").put("name", "python");
        nb.put("nbformat", 4);
        nb.put("nbformat_minor", 4);
        return nb;
    }

    private static void markdownCell(ArrayNode cells, String markdown) {
        ObjectNode cell = cells.addObject();
        cell.put("cell_type", "markdown");
        cell.putObject("metadata");
        ArrayNode src = cell.putArray("source");
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            src.add(i < lines.length - 1 ? lines[i] + "\n" : lines[i]);
        }
    }

    private static String base64(Path png) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(png));
        } catch (IOException e) {
            throw new UncheckedIOException("report figure missing: " + png, e);
        }
    }

    private static String dataUri(Path png) {
        return "data:image/png;base64," + base64(png);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
