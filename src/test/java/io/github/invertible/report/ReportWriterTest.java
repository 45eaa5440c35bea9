package io.github.invertible.report;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportWriterTest {
    @TempDir
    Path dir;

    private Report tinyReport() throws IOException {
        Files.writeString(dir.resolve("t.csv"), "model,test_accuracy_pct,mean_rel_err_pct,train_minutes\n"
                + "conv-tied,99.51,2.7114342E-9,38.941698\nplain,99.02,8.8817842E-14,12.962515\n");
        BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 1, 0xff0000);
        ImageIO.write(img, "png", dir.resolve("fig.png").toFile());
        return new Report("Tiny")
                .heading(2, "Accuracy")
                .paragraph("Some *text*.")
                .table("T2 accuracy", dir.resolve("t.csv"))
                .figure("A figure", dir.resolve("fig.png"));
    }

    @Test
    void writesAllThreeFiles() throws IOException {
        ReportWriter.write(tinyReport(), dir);
        for (String f : List.of("README.md", "report.html", "report.ipynb")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
    }

    @Test
    void htmlParsesAndEmbedsEveryImage() throws IOException {
        ReportWriter.write(tinyReport(), dir);
        Document doc = Jsoup.parse(dir.resolve("report.html").toFile());
        List<Element> imgs = doc.select("img");
        assertEquals(1, imgs.size());
        for (Element img : imgs) {
            String src = img.attr("src");
            assertTrue(src.startsWith("data:image/png;base64,"), src);
            byte[] decoded = Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1));
            assertArrayEquals(Files.readAllBytes(dir.resolve("fig.png")), decoded);
        }
        assertEquals(1, doc.select("table").size());
        assertEquals("99.51", doc.select("table tbody tr").get(0).child(1).text());
    }

    @Test
    void notebookIsNbformat4WithEmbeddedFigure() throws IOException {
        ReportWriter.write(tinyReport(), dir);
        JsonNode nb = new ObjectMapper().readTree(dir.resolve("report.ipynb").toFile());
        assertEquals(4, nb.get("nbformat").asInt());
        assertTrue(nb.get("metadata").isObject());
        int figures = 0;
        for (JsonNode cell : nb.get("cells")) {
            String type = cell.get("cell_type").asText();
            assertTrue(type.equals("markdown") || type.equals("code"), type);
            assertTrue(cell.get("source").isArray());
            assertTrue(cell.get("metadata").isObject());
            if (type.equals("code")) {
                assertTrue(cell.has("execution_count"));
                JsonNode out = cell.get("outputs").get(0);
                assertEquals("display_data", out.get("output_type").asText());
                byte[] png = Base64.getDecoder().decode(out.get("data").get("image/png").asText());
                assertArrayEquals(Files.readAllBytes(dir.resolve("fig.png")), png);
                figures++;
            }
        }
        assertEquals(1, figures);
    }

    @Test
    void markdownTableShowsReadableNumbersOfTheCsvWithUnits() throws IOException {
        ReportWriter.write(tinyReport(), dir);
        List<String> md = Files.readAllLines(dir.resolve("README.md"));
        assertTrue(md.contains("| model | test accuracy (%) | mean relative error (%) | training time (min) |"), md.toString());
        assertTrue(md.contains("| conv-tied | 99.51 | 2.7e-9 | 38.9 |"), md.toString());
        assertTrue(md.contains("| plain | 99.02 | < 1e-12 | 13 |"), md.toString());
        // every shown number is the CSV's to within its displayed precision (the CSV keeps all digits)
        Table csv = Table.readCsv(dir.resolve("t.csv"));
        for (List<String> row : csv.rows()) {
            String shown = md.stream().filter(l -> l.startsWith("| " + row.get(0) + " |")).findFirst().orElseThrow();
            String[] cells = shown.substring(2, shown.length() - 2).split(" \\| ");
            for (int c = 1; c < row.size(); c++) {
                double full = Double.parseDouble(row.get(c));
                if (cells[c].startsWith("< ")) {
                    assertTrue(full < Double.parseDouble(cells[c].substring(2)), cells[c] + " vs " + full);
                } else {
                    assertEquals(full, Double.parseDouble(cells[c]), 0.05 * Math.abs(full), cells[c] + " vs " + full);
                }
            }
        }
        assertTrue(Files.readString(dir.resolve("t.csv")).contains("2.7114342E-9"), "CSV untouched");
        assertFalse(Files.readString(dir.resolve("README.md")).contains("data:image"));
    }
}
