package io.github.invertible.report;

import java.util.List;

/**
 * One cell of a {@link Table} row by column name: as written in the CSV, as a reader sees it, or as a number. The
 * experiments' readings and the report's sections read their CSV files through these.
 */
public final class Cells {
    private Cells() {
    }

    /** A cell as the reader sees it (numbers rounded for display, see {@link Readable}). */
    public static String cell(List<String> row, Table t, String column) {
        return Readable.cell(column, raw(row, t, column));
    }

    /** A cell as written in the CSV. */
    public static String raw(List<String> row, Table t, String column) {
        return row.get(t.header().indexOf(column));
    }

    /** A cell parsed as a number. */
    public static double num(List<String> row, Table t, String column) {
        return Double.parseDouble(raw(row, t, column));
    }
}
