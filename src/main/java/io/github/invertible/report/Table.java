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

    /**
     * One row per distinct value of the {@code keys} columns, the {@code values} columns repeated for each value of
     * {@code by} ("proposed (%), n = 10"), cells formatted for display ({@link Readable#cell}): a long table of
     * rows that differ only in {@code by} becomes one of side-by-side columns.
     */
    public Table spread(List<String> keys, String by, List<String> values, String byLabel) {
        List<String> groups = column(by).stream().distinct().toList();
        List<String> head = new ArrayList<>(keys.stream().map(Readable::label).toList());
        for (String g : groups) {
            for (String v : values) {
                head.add(Readable.label(v) + ", " + byLabel + g);
            }
        }
        List<List<String>> out = new ArrayList<>();
        List<List<String>> seen = new ArrayList<>();
        for (List<String> row : rows) {
            List<String> key = keys.stream().map(k -> row.get(header.indexOf(k))).toList();
            if (seen.contains(key)) {
                continue;
            }
            seen.add(key);
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                cells.add(Readable.cell(keys.get(i), key.get(i)));
            }
            for (String g : groups) {
                List<List<String>> match = rows.stream().filter(r -> r.get(header.indexOf(by)).equals(g)
                        && keys.stream().map(k -> r.get(header.indexOf(k))).toList().equals(key)).toList();
                for (String v : values) {
                    cells.add(match.isEmpty() ? "" : Readable.cell(v, match.get(0).get(header.indexOf(v))));
                }
            }
            out.add(cells);
        }
        return new Table(head, out);
    }

    /** All columns but the named ones (names not in the table are ignored). */
    public Table without(String... columns) {
        List<String> drop = List.of(columns);
        return select(header.stream().filter(c -> !drop.contains(c)).toArray(String[]::new));
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

    /**
     * A GitHub-flavoured Markdown table. A {@code |} inside a cell or a column name is escaped ({@code \|}) and a
     * line break becomes a space, so every row stays one table row (an unescaped pipe split a header into extra
     * cells and the whole table rendered as text).
     */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", header.stream().map(Table::escape).toList())).append(" |\n");
        sb.append("|").append("---|".repeat(header.size())).append("\n");
        for (List<String> row : rows) {
            sb.append("| ").append(String.join(" | ", row.stream().map(Table::escape).toList())).append(" |\n");
        }
        return sb.toString();
    }

    /** One cell for a Markdown table row. */
    static String escape(String cell) {
        return cell == null ? "" : cell.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ")
                .replace("\n", " ");
    }
}
