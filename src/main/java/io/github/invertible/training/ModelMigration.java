package io.github.invertible.training;

import io.github.invertible.common.AtomicFiles;
import io.github.invertible.common.Checksums;
import io.github.invertible.common.Json;
import io.github.invertible.common.UserError;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Adds the content hashes ({@link ModelIdentity}) to the metadata embedded in a model zip written before they
 * were recorded: the zip is rewritten with every entry copied unchanged but the metadata, which is re-embedded
 * with the hashes; {@code NAME.json} beside it gets the same hashes and the zip's new SHA-256, and every text file
 * under the given folders that recorded the zip's old SHA-256 (run records, report) gets the new one. A zip whose
 * metadata already verifies is left alone; one whose metadata has hashes that do not verify is refused (an edited
 * model is not blessed).
 *
 * <p>Run on the zips of a model folder with {@code mvn -B -q compile dependency:build-classpath
 * -Dmdep.outputFile=target/classpath.txt} and then {@code java -cp target/classes:$(cat target/classpath.txt)
 * io.github.invertible.training.ModelMigration model/NAME.zip ...} from the project folder.
 */
public final class ModelMigration {
    /** Text files that may record a zip's SHA-256. */
    private static final List<String> RECORD_SUFFIXES = List.of(".json", ".md", ".html", ".ipynb", ".csv", ".txt");

    private ModelMigration() {
    }

    /** What a migration did: the zip's SHA-256 before and after, and the text files whose record was updated. */
    public record Result(Path zip, String oldSha256, String newSha256, List<Path> updated) {
        public boolean changed() {
            return !oldSha256.equals(newSha256);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: ModelMigration model/NAME.zip ... (records under the zip's folder and "
                    + "notebooks-export/ are updated)");
            System.exit(2);
        }
        for (String a : args) {
            Path zip = Path.of(a);
            Result r = migrate(zip, List.of(zip.toAbsolutePath().getParent(), Path.of("notebooks-export")));
            System.out.println(r.changed() ? zip + ": " + r.oldSha256() + " -> " + r.newSha256() + ", updated "
                    + r.updated() : zip + ": already carries verified hashes, unchanged");
        }
    }

    /**
     * Migrates {@code zip} (see the class comment); {@code recordRoots} are searched for text files naming the
     * zip's old SHA-256.
     */
    public static Result migrate(Path zip, List<Path> recordRoots) throws IOException {
        Optional<String> text = ModelFiles.embeddedText(zip);
        if (text.isEmpty()) {
            throw new UserError(zip + ": no embedded metadata to migrate (a zip of an earlier release loads as it is)");
        }
        String oldSha = Checksums.sha256(zip);
        ModelMetadata meta = Json.MAPPER.readValue(text.get(), ModelMetadata.class);
        if (meta.identity() != null) {
            ModelFiles.readEmbedded(zip); // verifies, or says what is wrong
            return new Result(zip, oldSha, oldSha, List.of());
        }
        String coefficients = ModelFiles.contentHashes(zip).coefficientsSha256();
        AtomicFiles.write(zip, tmp -> {
            copyAllBut(zip, tmp, ModelFiles.METADATA_ENTRY);
            ModelFiles.embed(tmp, meta);
        });
        ModelMetadata embedded = ModelFiles.readEmbedded(zip).orElseThrow();
        if (!embedded.identity().coefficientsSha256().equals(coefficients)) {
            throw new IllegalStateException(zip + ": coefficients changed during the migration");
        }
        String newSha = Checksums.sha256(zip);
        List<Path> updated = new ArrayList<>();
        String name = zip.getFileName().toString().replaceFirst("\\.zip$", "");
        Path json = zip.resolveSibling(name + ".json");
        if (Files.isRegularFile(json)) {
            ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(json.toFile());
            tree.put("modelSha256", newSha);
            tree.set("identity", Json.MAPPER.valueToTree(embedded.identity()));
            AtomicFiles.write(json, Json.MAPPER.writeValueAsBytes(tree));
            updated.add(json);
        }
        for (Path root : recordRoots) {
            updated.addAll(replaceEverywhere(root, oldSha, newSha, json));
        }
        return new Result(zip, oldSha, newSha, updated);
    }

    static void copyAllBut(Path zip, Path target, String skipped) throws IOException {
        try (ZipFile in = new ZipFile(zip.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (Enumeration<? extends ZipEntry> en = in.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (e.getName().equals(skipped)) {
                    continue;
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                out.putNextEntry(copy);
                try (InputStream data = in.getInputStream(e)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }

    /** Replaces {@code oldSha} by {@code newSha} in the text files under {@code root} (the .json done apart). */
    private static List<Path> replaceEverywhere(Path root, String oldSha, String newSha, Path done)
            throws IOException {
        List<Path> changed = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return changed;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> RECORD_SUFFIXES.stream().anyMatch(x -> p.getFileName().toString().endsWith(x)))
                    .toList();
        }
        for (Path p : files) {
            if (p.toAbsolutePath().normalize().equals(done.toAbsolutePath().normalize())) {
                continue;
            }
            String content = Files.readString(p, StandardCharsets.ISO_8859_1); // byte for byte, any encoding
            if (content.contains(oldSha)) {
                AtomicFiles.write(p, content.replace(oldSha, newSha).getBytes(StandardCharsets.ISO_8859_1));
                changed.add(p);
            }
        }
        return changed;
    }

}
