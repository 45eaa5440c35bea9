package io.github.invertible.experiments.report;

import io.github.invertible.experiments.AccuracyTable;
import io.github.invertible.experiments.RelativeErrorTable;
import io.github.invertible.experiments.T1ByDepth;
import io.github.invertible.report.Block;
import io.github.invertible.report.Readable;
import io.github.invertible.report.Report;
import io.github.invertible.report.ReportWriter;
import io.github.invertible.report.Table;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report built from the committed report folder's CSV files: every table renders as a table (no raw
 * {@code | ... |} text in the HTML), the sections come in the paper's order with the run metadata last, and each
 * reading says what its CSV says (expectations computed here, independently of the reading's code).
 */
class CommittedReportTest {
    private static final Path OUT = Path.of("notebooks-export");
    private static Report report;
    private static String markdown;

    @BeforeAll
    static void build() {
        report = ReproductionReport.build(OUT, AccuracyTable.metadata(Path.of("model")), Map.of("command", "test"));
        markdown = report.toMarkdown();
    }

    @Test
    void everyTableRendersAsATableInHtml() {
        Parser parser = Parser.builder().extensions(List.of(TablesExtension.create())).build();
        int tables = 0;
        for (Block b : report.blocks()) {
            if (b instanceof Block.TableBlock t) {
                tables++;
                String md = Readable.table(t.table()).toMarkdown();
                Node doc = parser.parse(md);
                assertTrue(doc.getFirstChild() instanceof TableBlock && doc.getFirstChild().getNext() == null,
                        "'" + t.caption() + "' does not parse as one table:\n" + md);
            }
        }
        assertTrue(tables >= 8, "the committed report has its tables (" + tables + ")");
        String html = ReportWriter.html(report.title(), markdown, OUT);
        String outsideTables = html.replaceAll("(?s)<table>.*?</table>", "").replaceAll("(?s)<pre>.*?</pre>", "");
        for (String line : outsideTables.split("\n")) {
            String text = line.replaceAll("<[^>]+>", "").strip();
            assertFalse(text.startsWith("|") && text.endsWith("|"), "raw table text in the HTML: " + text);
            assertFalse(text.contains("|---"), "raw table text in the HTML: " + text);
        }
    }

    @Test
    void sectionsComeInThePapersOrderWithTheRunMetadataLast() {
        List<String> order = List.of("**Summary.**", "## F0 ", "## F1 ", "## F2 ", "## F3 ", "## T1 — ", "## T2 ",
                "## Beyond the paper", "## F4 ", "## F5 ", "## T1 by depth", "## Beyond MNIST",
                "## How this report was made");
        int last = -1;
        for (String h : order) {
            int at = markdown.indexOf(h);
            assertTrue(at > last, h + " is missing or out of order");
            last = at;
        }
    }

    @Test
    void t1IsOneCompactTablePerModel() {
        Table t1 = Table.readCsv(OUT.resolve(RelativeErrorTable.CSV));
        List<String> models = t1.column("model").stream().distinct().toList();
        List<Block.TableBlock> blocks = report.blocks().stream().filter(b -> b instanceof Block.TableBlock)
                .map(b -> (Block.TableBlock) b).filter(b -> b.caption().startsWith("T1, ")).toList();
        assertEquals(models.size(), blocks.size());
        for (int i = 0; i < models.size(); i++) {
            Table t = blocks.get(i).table();
            assertEquals(List.of("method", "quantity", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "all"),
                    t.header());
            // the "recovered" row of each method is the CSV's recovered_pct, class by class
            for (List<String> row : t.rows()) {
                if (row.get(1).equals("recovered (%)")) {
                    Table csv = t1.where("model", models.get(i)).where("method", row.get(0));
                    assertEquals(csv.column("recovered_pct").stream().map(v -> Readable.cell("recovered_pct", v))
                            .toList(), row.subList(2, row.size()));
                }
            }
        }
    }

    @Test
    void summaryQuotesF2T1AndT2() {
        Table f2 = Table.readCsv(OUT.resolve("f2_residual_invertibility.csv"));
        List<String> last = f2.where("n", f2.column("n").get(0)).rows().get(f2.where("n", f2.column("n").get(0))
                .rows().size() - 1);
        String summary = markdown.substring(markdown.indexOf("**Summary.**"), markdown.indexOf("## F0"));
        assertTrue(summary.contains("inverts " + Readable.cell("proposed_pct", last.get(5)) + " % of them and the "
                + "existing fixed-point method of i-ResNet " + Readable.cell("existing_pct", last.get(4)) + " %"), summary);
        Table t2 = Table.readCsv(OUT.resolve("t2_accuracy.csv"));
        for (String model : List.of("conv-tied", "plaincnn")) {
            String acc = Readable.cell("test_accuracy_pct", t2.where("model", model).column("test_accuracy_pct").get(0));
            assertTrue(summary.contains(acc + " %"), model + " " + acc + " in " + summary);
        }
        Table t1 = Table.readCsv(OUT.resolve(RelativeErrorTable.CSV)).where("class", "all");
        for (List<String> r : t1.rows()) {
            assertTrue(summary.contains(r.get(1) + " " + Readable.cell("recovered_pct", r.get(6)) + " %"), summary);
        }
    }

    @Test
    void f1ReadingQuotesTheMeasuredAndPredictedShareAtTwiceTheInputs() {
        Table t = Table.readCsv(OUT.resolve("f1_rlt_invertibility.csv"));
        Table main = t.where("n", "50").where("bias", "0");
        List<String> atTwo = main.rows().stream().filter(r -> Double.parseDouble(r.get(3)) == 2.0).findFirst()
                .orElseThrow();
        String firstAll = main.rows().stream().filter(r -> Double.parseDouble(r.get(5)) == 100).findFirst()
                .orElseThrow().get(2);
        String reading = Readings.f1(t);
        assertTrue(reading.contains("at m = " + atTwo.get(2) + " (twice as many outputs as inputs) "
                + Readable.cell("invertible_pct", atTwo.get(5)) + " % of the transforms are invertible (predicted "
                + Readable.cell("predicted_pct", atTwo.get(6)) + " %)"), reading);
        assertTrue(reading.contains("from m = " + firstAll + " every one of them is"), reading);
    }

    @Test
    void f2ReadingNamesTheLargestBoundWhereBothMethodsInvertEverything() {
        Table t = Table.readCsv(OUT.resolve("f2_residual_invertibility.csv"));
        String reading = Readings.f2(t);
        for (String n : t.column("n").stream().distinct().toList()) {
            String upTo = null;
            for (List<String> r : t.where("n", n).rows()) {
                if (r.get(4).equals("100") && r.get(5).equals("100")) {
                    upTo = r.get(2);
                } else {
                    break;
                }
            }
            assertTrue(reading.contains("With n = k = " + n + ", both methods invert every unit up to L = " + upTo),
                    reading);
        }
        assertFalse(reading.contains("100 % / 100 %"), reading);
    }

    @Test
    void t1ReadingSaysHowManyDigitsEachMethodRecoversAndWhyTheOthersFailed() {
        Table t = Table.readCsv(OUT.resolve(RelativeErrorTable.CSV)).where("class", "all");
        String reading = Readings.t1(Table.readCsv(OUT.resolve(RelativeErrorTable.CSV)));
        for (List<String> r : t.rows()) {
            assertTrue(reading.contains(String.format(Locale.ROOT, "the %s method recovers %s %% of the %s test digits",
                    r.get(1), Readable.cell("recovered_pct", r.get(6)), r.get(3))), reading);
            var m = Pattern.compile("(\\w+): BUDGET_EXHAUSTED x(\\d+)").matcher(r.get(9));
            while (m.find()) {
                assertTrue(reading.contains("runs out of its iteration budget at " + m.group(1) + " on " + m.group(2)
                        + " digits"), reading);
            }
        }
        assertFalse(reading.contains("BUDGET_EXHAUSTED"), reading);
    }

    @Test
    void t1ByDepthReadingSaysWhereTheExistingMethodStopsRecovering() {
        Table t = Table.readCsv(OUT.resolve(T1ByDepth.CSV));
        Table ex = t.where("method", "existing");
        String firstFail = null;
        List<String> names = new ArrayList<>();
        for (List<String> r : ex.rows()) {
            names.add(r.get(2));
            if (firstFail == null && Double.parseDouble(r.get(5)) < 100) {
                firstFail = r.get(2);
            }
        }
        boolean proposedAll = t.where("method", "proposed").column("recovered_pct").stream()
                .allMatch(v -> Double.parseDouble(v) >= 100);
        String reading = T1ByDepth.reading(t);
        assertTrue(reading.contains("each of its " + names.size() + " feature-stage vertices"), reading);
        assertEquals(proposedAll, reading.contains("the proposed method recovers every digit from every vertex"));
        assertTrue(firstFail == null || reading.contains("only from the vertices below " + firstFail), reading);
        if (firstFail != null) { // the share from the first failing vertex, and the best share above it
            int at = names.indexOf(firstFail);
            List<Double> shares = ex.column("recovered_pct").stream().map(Double::parseDouble).toList();
            double above = shares.subList(at, shares.size()).stream().mapToDouble(Double::doubleValue).max().orElse(0);
            assertEquals(at < shares.size() - 1 && above == shares.get(at),
                    reading.contains("and no more from any vertex above it"), reading);
        }
        assertFalse(reading.contains("at least 100 %"), reading);
    }
}
