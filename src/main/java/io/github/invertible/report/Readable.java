package io.github.invertible.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How numbers and column names look to a reader (Markdown, HTML, notebook); the CSV files keep every digit.
 * Numbers get 3 significant digits ({@code 38.9}, {@code 0.262}), 2 in scientific notation outside
 * [0.001, 100000) ({@code 2.7e-9}), whole numbers stay whole, accuracies keep 2 decimals ({@code 99.51}: the
 * digit that tells the models apart), and relative errors below {@link #REL_ERR_FLOOR_PCT} print as
 * {@code < 1e-12}. Column names become words with their unit ({@code mean_rel_err_pct} → "mean relative
 * error (%)").
 */
public final class Readable {
    /**
     * Relative errors (in %) below this are rounding of the double-precision residual (about 1e-16 times
     * the unit's conditioning), not a measurement: they print as "< 1e-12".
     */
    public static final double REL_ERR_FLOOR_PCT = 1e-12;

    /** Units read from a column name's suffix, longest match first. */
    private static final Map<String, String> UNITS = new LinkedHashMap<>();
    /** Abbreviations spelled out. */
    private static final Map<String, String> WORDS = new LinkedHashMap<>();

    static {
        UNITS.put("_pct", "%");
        UNITS.put("_minutes", "min");
        UNITS.put("_seconds", "s");
        UNITS.put("_mib", "MiB");
        WORDS.put("rel_err", "relative error");
        WORDS.put("iters", "iterations");
        WORDS.put("params", "parameters");
        WORDS.put("lipschitz_bound", "Lipschitz bound L = ‖W2‖‖W1‖");
        WORDS.put("last_loss", "loss (last batch)");
        WORDS.put("train", "training time");
    }

    private Readable() {
    }

    /** "mean_rel_err_pct" → "mean relative error (%)"; names without a known unit keep their words. */
    public static String label(String column) {
        String unit = null;
        String base = column;
        for (Map.Entry<String, String> u : UNITS.entrySet()) {
            if (column.endsWith(u.getKey())) {
                unit = u.getValue();
                base = column.substring(0, column.length() - u.getKey().length());
                break;
            }
        }
        String words = WORDS.getOrDefault(base, null);
        if (words == null) {
            words = base;
            for (Map.Entry<String, String> w : WORDS.entrySet()) {
                if (!w.getKey().equals("train")) {
                    words = words.replace(w.getKey(), w.getValue());
                }
            }
        }
        words = words.replace('_', ' ');
        return unit == null ? words : words + " (" + unit + ")";
    }

    /** A cell of {@code column} as a reader sees it: numbers formatted (see the class comment), text as is. */
    public static String cell(String column, String raw) {
        if (raw == null || raw.isBlank() || !looksNumeric(raw)) {
            return raw;
        }
        double v;
        try {
            v = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            return raw;
        }
        if (column.contains("rel_err") && Double.isFinite(v) && v >= 0 && v < REL_ERR_FLOOR_PCT) {
            return v == 0 ? "0" : "< 1e-12";
        }
        if (column.contains("accuracy") && Double.isFinite(v) && Math.abs(v) < 1e5) {
            return new BigDecimal(v).setScale(2, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        }
        return number(v);
    }

    /** One number: whole numbers whole, else 3 significant digits, scientific with 2 outside [1e-3, 1e5). */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "NaN" : (v > 0 ? "∞" : "−∞");
        }
        double a = Math.abs(v);
        if (v == Math.rint(v) && a < 1e7) {
            return Long.toString((long) v);
        }
        if (a >= 1e-3 && a < 1e5) {
            return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        }
        String s = String.format(Locale.ROOT, "%.1e", v); // e.g. 2.7e-09
        String mantissa = s.substring(0, s.indexOf('e')).replace(".0", "");
        int exponent = Integer.parseInt(s.substring(s.indexOf('e') + 1));
        return mantissa + "e" + exponent;
    }

    /** The table with readable headers and cells (for display only). */
    public static Table table(Table t) {
        List<List<String>> rows = t.rows().stream().map(r -> {
            String[] out = new String[r.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = cell(t.header().get(i), r.get(i));
            }
            return List.of(out);
        }).toList();
        return new Table(t.header().stream().map(Readable::label).toList(), rows);
    }

    private static boolean looksNumeric(String s) {
        char c = s.charAt(0);
        return Character.isDigit(c) || c == '-' || c == '.' || s.equals("NaN") || s.endsWith("Infinity");
    }
}
