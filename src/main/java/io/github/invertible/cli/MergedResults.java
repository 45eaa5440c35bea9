package io.github.invertible.cli;

import io.github.invertible.common.UserError;
import io.github.invertible.report.Table;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.nd4j.shade.jackson.core.type.TypeReference;
import io.github.invertible.common.Json;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Result files a run merges into (T1's CSVs keep the rows of other models) and the files it writes, checked
 * before any work so that a long run never fails, or drops rows, at its end (DESIGN §9). An existing table must be
 * a text CSV whose header has exactly the columns the run writes — in another order it is reordered by name, any
 * other header is refused, never rewritten without the rows it cannot place — and whose rows all have the
 * header's width. A folder, or a file that is not a writable regular file, at an output path is refused too.
 */
final class MergedResults {
    private MergedResults() {
    }

    /**
     * The rows of the existing table at {@code csv} in {@code columns}' order, or none when there is no file.
     *
     * @throws UserError one line naming the file and what is wrong with it
     */
    static List<List<String>> read(Path csv, String[] columns) {
        requireFileTarget(csv);
        if (!Files.exists(csv)) {
            return List.of();
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(csv);
        } catch (IOException e) {
            throw new UserError(csv + ": cannot read the existing results (" + e.getMessage() + ")");
        }
        String text = text(csv, bytes);
        if (text.isBlank()) {
            throw new UserError(csv + ": empty file where the results of earlier runs are kept (it has no header); "
                    + "restore it or delete it to start a new table");
        }
        Table old;
        try {
            old = Table.readCsv(csv);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) { // rows of another width, unreadable
            throw new UserError(csv + ": " + e.getMessage() + "; the file is damaged: restore it or move it away");
        }
        List<String> header = old.header();
        List<String> expected = List.of(columns);
        if (!header.equals(expected) && !(header.size() == expected.size() && header.containsAll(expected))) {
            throw new UserError(String.format("%s: its header (%s) is not the columns this run writes (%s); the %d "
                            + "rows in it would be lost, so nothing was run: move the file away or restore it", csv,
                    String.join(",", header), String.join(",", expected), old.rows().size()));
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < old.rows().size(); i++) {
            List<String> r = old.rows().get(i);
            if (r.size() != header.size()) {
                throw new UserError(String.format("%s: row %d has %d cells, the header %d; the file is damaged: "
                        + "restore it or move it away", csv, i + 1, r.size(), header.size()));
            }
            List<String> ordered = new ArrayList<>(); // same columns in another order: placed by name
            for (String c : expected) {
                ordered.add(r.get(header.indexOf(c)));
            }
            rows.add(ordered);
        }
        return rows;
    }

    /** A file the run will write: absent, or a writable regular file (not a folder, not a device). */
    static void requireFileTarget(Path file) {
        if (Files.isDirectory(file)) {
            throw new UserError(file + ": is a folder where this run writes a file; move it away");
        }
        if (Files.exists(file) && (!Files.isRegularFile(file) || !Files.isWritable(file))) {
            throw new UserError(file + ": exists and is not a writable regular file; this run writes it");
        }
    }

    /** The content as UTF-8 text; NUL bytes or invalid UTF-8 mean a binary file, refused. */
    private static String text(Path csv, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw binary(csv, i);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw binary(csv, -1);
        }
    }

    private static UserError binary(Path csv, int at) {
        return new UserError(csv + ": not a CSV text file (" + (at >= 0 ? "a NUL byte at offset " + at : "not UTF-8")
                + "), where the results of earlier runs are kept; restore it or move it away");
    }

    /** An earlier run record's entries, by method: its certified share and its timing. */
    record Earlier(Map<String, Object> certified, Map<String, Object> timing) {
        static final Earlier NONE = new Earlier(Map.of(), Map.of());

        /** These entries without {@code methods} (the ones a run replaces). */
        Earlier without(java.util.Collection<String> methods) {
            Map<String, Object> c = new LinkedHashMap<>(certified);
            Map<String, Object> t = new LinkedHashMap<>(timing);
            c.keySet().removeAll(methods);
            t.keySet().removeAll(methods);
            return new Earlier(c, t);
        }
    }

    /**
     * The entries per method of the model's earlier run record, to keep beside this run's methods: only when that
     * record was written for the same model file (its SHA-256) from the same layer, so that every kept share
     * describes this model; none otherwise (an unreadable record, another model version or layer).
     */
    static Earlier earlierMethods(Path runRecord, String modelSha256, String layer) {
        if (!Files.isRegularFile(runRecord)) {
            return Earlier.NONE;
        }
        try {
            Map<String, Object> rec = Json.MAPPER.readValue(runRecord.toFile(), new TypeReference<>() { });
            if (!modelSha256.equals(rec.get("modelSha256")) || !layer.equals(rec.get("layer"))
                    || !(rec.get("timing") instanceof Map<?, ?> timing)
                    || !(rec.get("certifiedPct") instanceof Map<?, ?> certified)) {
                return Earlier.NONE;
            }
            Map<String, Object> c = new LinkedHashMap<>();
            Map<String, Object> t = new LinkedHashMap<>();
            certified.forEach((m, pct) -> {
                if (timing.get(m) != null) {
                    c.put(String.valueOf(m), pct);
                    t.put(String.valueOf(m), timing.get(m));
                }
            });
            return new Earlier(c, t);
        } catch (IOException e) {
            return Earlier.NONE; // replaced by this run's record, as a record of an earlier release would be
        }
    }
}
