package io.github.invertible.experiments.report;

import io.github.invertible.experiments.Frontier;
import io.github.invertible.experiments.RelativeErrorTable;
import io.github.invertible.report.Readable;
import io.github.invertible.report.Table;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints the README's results tables from a report folder, each cell as the report shows it ({@link Readable#cell}),
 * so that the README is updated from a regenerated report rather than by hand ({@link ReadmeNumbersTest} checks the
 * result). Run {@code java -cp target/test-classes:target/classes:CLASSPATH
 * io.github.invertible.experiments.report.ReadmeTables notebooks-export}.
 */
public final class ReadmeTables {
    private ReadmeTables() {
    }

    public static void main(String[] args) throws IOException {
        Path report = Path.of(args.length > 0 ? args[0] : "notebooks-export");
        Table t1 = Table.readCsv(report.resolve(RelativeErrorTable.CSV)).where("class", "all");
        System.out.println("| model | method | recovered (%) | mean relative error (%) | median iterations per unit |");
        System.out.println("|---|---|---|---|---|");
        for (List<String> r : t1.rows()) {
            System.out.println(row(t1, r, "model", "method", "recovered_pct", "mean_rel_err_pct", "median_iters"));
        }
        System.out.println();
        Table f2 = Table.readCsv(report.resolve("f2_residual_invertibility.csv")).where("n", "10");
        System.out.println("| L | existing (%) | proposed (%) | split variant (%) | Anderson (%) | truly invertible (%) |");
        System.out.println("|---|---|---|---|---|---|");
        for (List<String> r : f2.rows()) {
            System.out.println(row(f2, r, "lipschitz_bound", "existing_pct", "proposed_pct", "split_pct",
                    "anderson_pct", "truly_invertible_pct"));
        }
        System.out.println();
        Table t2 = Table.readCsv(report.resolve("t2_accuracy.csv")).where("source", "measured");
        System.out.println("| model | seeds | validation accuracy (%) | test accuracy (%) | certified, existing (%) "
                + "| certified, proposed (%) | certified, split (%) | certified, Anderson (%) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (List<String> r : t2.rows()) {
            System.out.println(row(t2, r, "model", "seeds", "validation_accuracy_pct", "test_accuracy_pct",
                    "invertible_pct_existing", "invertible_pct_proposed", "invertible_pct_split",
                    "invertible_pct_anderson"));
        }
        System.out.println();
        System.out.println("T3's choice: " + Frontier.chosen(Table.readCsv(report.resolve(Frontier.CSV))).orElse("none"));
    }

    private static String row(Table t, List<String> r, String... columns) {
        StringBuilder sb = new StringBuilder("|");
        for (String c : columns) {
            String raw = r.get(t.header().indexOf(c));
            sb.append(' ').append(c.equals("model") || c.equals("method") ? raw : Readable.cell(c, raw)).append(" |");
        }
        return sb.toString();
    }
}
