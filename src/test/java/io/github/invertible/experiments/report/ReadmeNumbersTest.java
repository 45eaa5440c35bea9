package io.github.invertible.experiments.report;

import io.github.invertible.experiments.RelativeErrorTable;
import io.github.invertible.report.Readable;
import io.github.invertible.report.Table;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's results tables cite the committed report: every cell of each table equals the CSV cell it
 * comes from, shown as the report shows it ({@link Readable#cell}). A regenerated report with other numbers
 * fails here until the README is updated from it.
 */
class ReadmeNumbersTest {
    private static final Path REPORT = Path.of("notebooks-export");

    @Test
    void t1TableMatchesTheReportsCsv() throws IOException {
        Table readme = readmeTable("| model | method | recovered (%) | mean relative error (%) | median iterations per unit |");
        Table t1 = Table.readCsv(REPORT.resolve(RelativeErrorTable.CSV)).where("class", "all");
        for (List<String> row : readme.rows()) {
            Table csv = t1.where("model", row.get(0)).where("method", row.get(1));
            assertEquals(1, csv.rows().size(), "README T1 row " + row + " has no row in the CSV");
            assertCells(row, csv, 2, "recovered_pct", "mean_rel_err_pct", "median_iters");
        }
        assertEquals(t1.rows().size(), readme.rows().size(), "README T1 shows every model and method of the CSV");
    }

    @Test
    void f2TableMatchesTheReportsCsv() throws IOException {
        Table readme = readmeTable("| L | existing (%) | proposed (%) | split variant (%) | Anderson (%) | truly invertible (%) |");
        Table f2 = Table.readCsv(REPORT.resolve("f2_residual_invertibility.csv")).where("n", "10");
        for (List<String> row : readme.rows()) {
            Table csv = f2.where("lipschitz_bound", row.get(0));
            assertEquals(1, csv.rows().size(), "README F2 row " + row + " has no row with L = " + row.get(0));
            assertCells(row, csv, 1, "existing_pct", "proposed_pct", "split_pct", "anderson_pct",
                    "truly_invertible_pct");
        }
    }

    @Test
    void t2TableMatchesTheReportsCsv() throws IOException {
        Table readme = readmeTable("| model | seeds | validation accuracy (%) | test accuracy (%) | certified, existing (%) "
                + "| certified, proposed (%) | certified, split (%) | certified, Anderson (%) |");
        Table t2 = Table.readCsv(REPORT.resolve("t2_accuracy.csv")).where("source", "measured");
        for (List<String> row : readme.rows()) {
            Table csv = t2.where("model", row.get(0));
            assertEquals(1, csv.rows().size(), "README T2 row " + row + " has no row in the CSV");
            assertCells(row, csv, 1, "seeds", "validation_accuracy_pct", "test_accuracy_pct", "invertible_pct_existing",
                    "invertible_pct_proposed", "invertible_pct_split", "invertible_pct_anderson");
        }
        assertEquals(t2.rows().size(), readme.rows().size(), "README T2 shows every measured model of the CSV");
    }

    @Test
    void theFrontiersChoiceNamedInTheReadmeIsTheReports() throws IOException {
        String text = Files.readString(Path.of("README.md")).replaceAll("\\s+", " "); // lines wrapped anywhere
        String chosen = io.github.invertible.experiments.Frontier.chosen(
                Table.readCsv(REPORT.resolve(io.github.invertible.experiments.Frontier.CSV))).orElse("none");
        assertTrue(text.contains("the most accurate network the proposed method certifies on at least 99 % of the "
                + "digits is `" + chosen + "`"), "README names T3's choice " + chosen);
    }

    @Test
    void readmeIsShortAndFreeOfInternalReferences() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        assertTrue(lines.size() <= 200, "README has " + lines.size() + " lines");
        String text = String.join("\n", lines);
        for (String banned : List.of("DESIGN §", "this machine", "issue 1", "issue 2", "issue 3")) {
            assertFalse(text.contains(banned), "README mentions '" + banned + "'");
        }
        assertTrue(text.contains("mvn -B test"), "README keeps the test command CI runs");
    }

    /** The cells of {@code row} from position {@code first} on equal the CSV's {@code columns}, as shown. */
    private static void assertCells(List<String> row, Table csv, int first, String... columns) {
        for (int i = 0; i < columns.length; i++) {
            String raw = csv.column(columns[i]).get(0);
            assertEquals(Readable.cell(columns[i], raw), row.get(first + i),
                    "README cell '" + columns[i] + "' of " + row + " (CSV: " + raw + ")");
        }
    }

    /** The README table whose header line is {@code header}: its data rows, cells trimmed. */
    static Table readmeTable(String header) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int h = lines.indexOf(header);
        assertTrue(h >= 0, "README has no table with the header " + header);
        List<String> names = cells(header);
        List<List<String>> rows = new ArrayList<>();
        for (int i = h + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            rows.add(cells(lines.get(i)));
        }
        assertFalse(rows.isEmpty(), "README table " + header + " has no rows");
        return new Table(names, rows);
    }

    private static List<String> cells(String line) {
        String inner = line.strip();
        inner = inner.substring(1, inner.length() - 1);
        List<String> out = new ArrayList<>();
        for (String c : inner.split("\\|", -1)) {
            out.add(c.strip());
        }
        return out;
    }
}
