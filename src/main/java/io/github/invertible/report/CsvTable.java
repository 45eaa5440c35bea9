package io.github.invertible.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A machine-readable CSV table: one header row, then data rows. Doubles are written with 8 significant
 * digits in plain notation; null cells are empty; text with commas or quotes is quoted.
 */
public final class CsvTable {

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
        StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
        for (List<Object> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(format(row.get(i)));
            }
            sb.append('\n');
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
        String s = v.toString();
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
