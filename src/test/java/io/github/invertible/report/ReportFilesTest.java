package io.github.invertible.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportFilesTest {

    @Test
    void csvIsMachineReadable(@TempDir Path dir) throws Exception {
        CsvTable t = new CsvTable("a", "b", "c").add(1, 0.1 + 0.2, null).add("x,y", 100.0, 1e-7)
                .add(0.0, 7.861026412e19, 0.00012345678912);
        Path f = dir.resolve("t.csv");
        t.write(f);
        assertEquals(List.of("a,b,c", "1,0.3,", "\"x,y\",100,1E-7", "0,7.8610264E+19,0.00012345679"),
                Files.readAllLines(f));
        assertThrows(IllegalArgumentException.class, () -> t.add(1, 2));
        // and the reader gives back the cells, quoted comma included
        assertEquals(List.of("x,y", "100", "1E-7"), Table.readCsv(f).rows().get(1));
    }

    @Test
    void quotedCellsRoundTripWithCommasQuotesAndNewlines(@TempDir Path dir) throws Exception {
        List<String> tricky = List.of("a,b", "say \"hi\"", "two\nlines", "crlf\r\nend", "\"", ",", "\n", " pad ",
                "#hash", "");
        CsvTable t = new CsvTable("k", "v,w", "plain");
        for (String s : tricky) {
            t.add(s, s + "|" + s, "ok");
        }
        t.add(null, "", "last");
        Path f = dir.resolve("t.csv");
        t.write(f);
        Table back = Table.readCsv(f);
        assertEquals(List.of("k", "v,w", "plain"), back.header());
        assertEquals(tricky.size() + 1, back.rows().size(), "one row per record, embedded newlines included");
        for (int i = 0; i < tricky.size(); i++) {
            assertEquals(List.of(tricky.get(i), tricky.get(i) + "|" + tricky.get(i), "ok"), back.rows().get(i));
        }
        assertEquals(List.of("", "", "last"), back.rows().get(tricky.size()));
    }

    @Test
    void committedExportsReadAndRewriteByteForByte(@TempDir Path dir) throws Exception {
        List<Path> csvs;
        try (var s = Files.walk(Path.of("notebooks-export"))) {
            csvs = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        assertTrue(csvs.size() >= 10, "exports found: " + csvs.size());
        for (Path csv : csvs) {
            Table t = Table.readCsv(csv);
            CsvTable again = new CsvTable(t.header().toArray(String[]::new));
            t.rows().forEach(r -> again.add(r.toArray()));
            assertEquals(Files.readString(csv), again.toCsv(), csv.toString());
        }
    }

    @Test
    void plotIsAPng(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("p.png");
        LinePlots.save(png, "t", "x", "y", List.of(
                new LinePlots.Series("a", new double[]{1, 2, 3}, new double[]{1, 4, 9}, LinePlots.Style.MARKERS),
                new LinePlots.Series("b", new double[]{1, 2, 3}, new double[]{1, 2, 3}, LinePlots.Style.LINE)));
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
        assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, head);
    }
}
