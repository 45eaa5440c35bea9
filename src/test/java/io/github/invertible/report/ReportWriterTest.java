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
        Files.writeString(dir.resolve("t.csv"), "model,acc,err\nconv-tied,99.51,0.0001\nplain,99.02,1e-9\n");
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
    void markdownTableNumbersEqualTheCsv() throws IOException {
        ReportWriter.write(tinyReport(), dir);
        List<List<String>> mdRows = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("README.md"))) {
            if (line.startsWith("| ") && !line.startsWith("| model")) {
                List<String> cells = new ArrayList<>();
                for (String c : line.substring(1, line.length() - 1).split("\\|")) {
                    cells.add(c.strip());
                }
                mdRows.add(cells);
            }
        }
        List<String> csv = Files.readAllLines(dir.resolve("t.csv"));
        assertEquals(csv.size() - 1, mdRows.size());
        for (int i = 1; i < csv.size(); i++) {
            assertEquals(List.of(csv.get(i).split(",")), mdRows.get(i - 1));
        }
        assertFalse(Files.readString(dir.resolve("README.md")).contains("data:image"));
    }
}
