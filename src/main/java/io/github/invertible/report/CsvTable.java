package io.github.invertible.report;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A machine-readable CSV table: one header row, then data rows. Doubles are written with 8 significant
 * digits in plain notation; null cells are empty. Written and read ({@link Table#readCsv}) by Commons CSV in RFC 4180
 * form ({@link #FORMAT}): cells holding commas, quotes or line breaks are quoted and read back whole.
 */
public final class CsvTable {

    /**
     * The report's CSV dialect: RFC 4180, '\n' between records, quotes only where needed. For ordinary cells the
     * bytes are those the hand-written writer of earlier releases produced (every committed export reads and
     * rewrites identically); an empty first cell is now written {@code ""}, and a cell with a leading or trailing
     * blank is quoted, both reading back unchanged.
     */
    static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n")
            .setQuoteMode(QuoteMode.MINIMAL).build();

    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();

    public CsvTable(String... columns) {
        this.columns = List.of(columns);
    }

    public List<String> columns() {
        return columns;
    }

    public int rowCount() {
        return rows.size();
    }

    public CsvTable add(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " cells, got " + cells.length);
        }
        rows.add(java.util.Arrays.asList(cells.clone()));
        return this;
    }

    public String toCsv() {
        StringBuilder sb = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(sb, FORMAT)) {
            printer.printRecord(columns);
            for (List<Object> row : rows) {
                printer.printRecord(row.stream().map(CsvTable::format).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return sb.toString();
    }

    public void write(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, toCsv(), StandardCharsets.UTF_8);
    }

    static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                return d.toString();
            }
            // 8 significant digits, no trailing zeros; plain notation in a readable range, else scientific
            java.math.BigDecimal b = new java.math.BigDecimal(d).round(new java.math.MathContext(8)).stripTrailingZeros();
            double a = Math.abs(d);
            return a == 0 || (a >= 1e-4 && a < 1e9) ? b.toPlainString() : b.toString();
        }
        if (v instanceof Float f) {
            return format(f.doubleValue());
        }
        return v.toString();
    }
}
