package io.github.invertible.training;

import io.github.invertible.common.AtomicFiles;
import io.github.invertible.common.Checksums;
import io.github.invertible.common.Json;
import io.github.invertible.common.OutputFolders;
import io.github.invertible.common.UserError;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A trained model as shipped: {@code NAME.zip} (DL4J's format, no updater state) that describes itself — its
 * {@link ModelMetadata} is stored inside the zip as a JSON object entry, with the hashes of the configuration and
 * coefficients it describes and of itself ({@link ModelIdentity}) — and the same metadata beside it as
 * {@code NAME.json} (with the zip's SHA-256, which the copy inside cannot hold). Zips of earlier releases with no
 * metadata entry at all still load (their metadata is only the .json); a metadata entry that is unreadable, edited,
 * without hashes or not of this zip's coefficients is refused in one line (DESIGN §9).
 */
public final class ModelFiles {
    /** Key of the metadata entry ({@code ModelSerializer.addObjectToFile}). */
    public static final String METADATA_KEY = "model_metadata";
    /** The zip entry the key becomes. */
    static final String METADATA_ENTRY = "objects/" + METADATA_KEY;
    static final String CONFIGURATION_ENTRY = "configuration.json";
    static final String COEFFICIENTS_ENTRY = "coefficients.bin";
    /** How to add the hashes to the metadata of a zip written before they were recorded. */
    public static final String MIGRATION_HINT = "re-embed it with `java -cp target/classes:$(cat target/classpath.txt) "
            + ModelMigration.class.getName() + " ZIP` (DESIGN §9.5)";

    private ModelFiles() {
    }

    /** Writes the zip (metadata inside) and then the .json; both atomically. Returns the metadata with the zip's hash. */
    public static ModelMetadata write(ComputationGraph net, ModelMetadata meta, Path zip, Path json) {
        ModelMetadata[] embedded = new ModelMetadata[1];
        try {
            AtomicFiles.write(zip, tmp -> {
                ModelSerializer.writeModel(net, tmp.toFile(), false);
                embedded[0] = embed(tmp, meta);
            });
        } catch (IOException | RuntimeException e) {
            throw new UserError("cannot write " + zip + " (" + e.getMessage() + ")", e);
        }
        ModelMetadata full = embedded[0].withModelSha256(Checksums.sha256(zip));
        Json.write(json, full);
        return full;
    }

    /**
     * Adds {@code meta} to a zip without a metadata entry, with the hashes of the zip's configuration and
     * coefficients and of the metadata itself; returns the metadata as embedded (no zip hash).
     */
    static ModelMetadata embed(Path zip, ModelMetadata meta) throws IOException {
        ModelIdentity content = contentHashes(zip);
        String text = Json.MAPPER.writeValueAsString(meta.withModelSha256(null).withIdentity(content));
        ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(text);
        String digest = metadataDigest(tree);
        ((ObjectNode) tree.get("identity")).put("metadataSha256", digest);
        ModelSerializer.addObjectToFile(zip.toFile(), METADATA_KEY, Json.MAPPER.writeValueAsString(tree));
        return meta.withModelSha256(null).withIdentity(content.withMetadataSha256(digest));
    }

    /**
     * The verified metadata stored inside {@code zip}, or empty for a zip without a metadata entry (earlier
     * releases).
     *
     * @throws UserError one line naming the zip when it is not a readable zip, or its metadata is unreadable,
     *                   edited, without hashes, or describes other coefficients or another configuration
     */
    public static Optional<ModelMetadata> readEmbedded(Path zip) {
        Optional<String> text = embeddedText(zip);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        JsonNode tree;
        ModelMetadata meta;
        try {
            tree = Json.MAPPER.readTree(text.get());
            meta = Json.MAPPER.treeToValue(tree, ModelMetadata.class);
        } catch (IOException | RuntimeException e) {
            throw unreadable(zip, "not valid metadata JSON");
        }
        if (!(tree instanceof ObjectNode) || meta == null) {
            throw unreadable(zip, "not a JSON object");
        }
        ModelIdentity recorded = meta.identity();
        if (recorded == null || recorded.metadataSha256() == null || recorded.configurationSha256() == null
                || recorded.coefficientsSha256() == null) {
            throw new UserError(zip + ": the embedded metadata carries no hashes of the model it describes (written "
                    + "before they were recorded, or edited); " + MIGRATION_HINT.replace("ZIP", zip.toString()));
        }
        String digest = metadataDigest((ObjectNode) tree);
        if (!digest.equals(recorded.metadataSha256())) {
            throw new UserError(zip + ": the embedded metadata was edited (its SHA-256 is " + digest + ", it records "
                    + recorded.metadataSha256() + "); restore the zip or retrain the model");
        }
        ModelIdentity actual = contentHashes(zip);
        if (!actual.coefficientsSha256().equals(recorded.coefficientsSha256())) {
            throw new UserError(zip + ": " + COEFFICIENTS_ENTRY + " is not the one the embedded metadata describes "
                    + "(SHA-256 " + actual.coefficientsSha256() + ", recorded " + recorded.coefficientsSha256()
                    + "): metadata and coefficients come from different models");
        }
        if (!actual.configurationSha256().equals(recorded.configurationSha256())) {
            throw new UserError(zip + ": " + CONFIGURATION_ENTRY + " is not the one the embedded metadata describes "
                    + "(SHA-256 " + actual.configurationSha256() + ", recorded " + recorded.configurationSha256()
                    + "): metadata and configuration come from different models");
        }
        return Optional.of(meta);
    }

    /** The metadata entry's text, or empty when the zip has none; a zip that cannot be read is a user error. */
    static Optional<String> embeddedText(Path zip) {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            if (z.getEntry(METADATA_ENTRY) == null) {
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new UserError("cannot read model file " + zip + ": not a zip (" + OutputFolders.reason(e) + ")", e);
        }
        try {
            Object o = ModelSerializer.getObjectFromFile(zip.toFile(), METADATA_KEY);
            if (!(o instanceof String s)) {
                throw unreadable(zip, "not a JSON string");
            }
            return Optional.of(s);
        } catch (UserError e) {
            throw e;
        } catch (RuntimeException e) {
            throw unreadable(zip, "cannot be deserialized");
        }
    }

    private static UserError unreadable(Path zip, String why) {
        return new UserError(zip + ": the embedded metadata (" + METADATA_ENTRY + ") is unreadable (" + why
                + "); the zip is damaged or was edited. A zip without that entry loads as an older model, one with a "
                + "broken entry does not");
    }

    /**
     * SHA-256 of the metadata with its own digest left out: the tree re-serialized by the project's JSON mapper
     * (so the digest does not depend on how the text was laid out), {@code identity.metadataSha256} set to null.
     */
    static String metadataDigest(ObjectNode tree) {
        ObjectNode copy = tree.deepCopy();
        JsonNode id = copy.get("identity");
        if (id instanceof ObjectNode o) {
            o.putNull("metadataSha256");
        }
        try {
            return sha256(Json.MAPPER.writeValueAsString(copy).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree that cannot be written", e);
        }
    }

    /** SHA-256 of the zip's configuration and coefficients entries (their content), no metadata digest. */
    static ModelIdentity contentHashes(Path zip) {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return new ModelIdentity(entrySha256(z, CONFIGURATION_ENTRY, zip), entrySha256(z, COEFFICIENTS_ENTRY, zip),
                    null);
        } catch (IOException e) {
            throw new UserError("cannot read model file " + zip + " (" + OutputFolders.reason(e) + ")", e);
        }
    }

    private static String entrySha256(ZipFile z, String name, Path zip) throws IOException {
        ZipEntry e = z.getEntry(name);
        if (e == null) {
            throw new UserError("cannot read model file " + zip + ": no " + name + " entry (not a DL4J model zip)");
        }
        try (InputStream in = new DigestInputStream(z.getInputStream(e), newDigest())) {
            MessageDigest d = ((DigestInputStream) in).getMessageDigest();
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(d.digest());
        }
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }
}
