package io.github.invertible.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void plotIsAPng(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("p.png");
        LinePlots.save(png, "t", "x", "y", List.of(
                new LinePlots.Series("a", new double[]{1, 2, 3}, new double[]{1, 4, 9}, LinePlots.Style.MARKERS),
                new LinePlots.Series("b", new double[]{1, 2, 3}, new double[]{1, 2, 3}, LinePlots.Style.LINE)));
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
        assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, head);
    }
}
