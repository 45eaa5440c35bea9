package io.github.invertible.report;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A table of strings, as read from one of the report's CSV files (RFC 4180, {@link CsvTable#FORMAT}). */
public record Table(List<String> header, List<List<String>> rows) {
    public Table {
        for (List<String> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("row " + row + " has " + row.size() + " cells, header has "
                        + header.size());
            }
        }
    }

    /** Reads a CSV file written by {@link CsvTable} (Commons CSV, quoted cells may hold commas, quotes and newlines). */
    public static Table readCsv(Path csv) {
        try (CSVParser parser = CSVParser.parse(csv, StandardCharsets.UTF_8, CsvTable.FORMAT)) {
            List<List<String>> records = new ArrayList<>();
            for (CSVRecord r : parser) {
                records.add(r.toList());
            }
            if (records.isEmpty()) {
                throw new IllegalArgumentException(csv + ": empty CSV");
            }
            return new Table(records.get(0), records.subList(1, records.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
    }

    /** Only the named columns, in that order. */
    public Table select(String... columns) {
        int[] idx = Arrays.stream(columns).mapToInt(c -> {
            int i = header.indexOf(c);
            if (i < 0) {
                throw new IllegalArgumentException("no column " + c + " in " + header);
            }
            return i;
        }).toArray();
        List<List<String>> out = new ArrayList<>();
        for (List<String> row : rows) {
            out.add(Arrays.stream(idx).mapToObj(row::get).toList());
        }
        return new Table(List.of(columns), out);
    }

    /** Only the rows whose {@code column} equals {@code value}. */
    public Table where(String column, String value) {
        int i = header.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + column + " in " + header);
        }
        return new Table(header, rows.stream().filter(r -> r.get(i).equals(value)).toList());
    }

    /** Only the rows whose {@code column} differs from {@code value} (e.g. not empty). */
    public Table whereNot(String column, String value) {
        int i = header.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + column + " in " + header);
        }
        return new Table(header, rows.stream().filter(r -> !r.get(i).equals(value)).toList());
    }

    /** Cells of one column, in row order. */
    public List<String> column(String column) {
        int i = header.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + column + " in " + header);
        }
        return rows.stream().map(r -> r.get(i)).toList();
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", header)).append(" |\n");
        sb.append("|").append("---|".repeat(header.size())).append("\n");
        for (List<String> row : rows) {
            sb.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return sb.toString();
    }
}
