package io.github.invertible.training;

import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Test tools that tamper with a model zip the way a careless user could. */
public final class ModelZips {
    private ModelZips() {
    }

    /** Replaces the embedded metadata's text by {@code edit} of it (entry written as the serializer writes it). */
    public static void editMetadata(Path zip, UnaryOperator<String> edit) throws IOException {
        String text = ModelSerializer.getObjectFromFile(zip.toFile(), ModelFiles.METADATA_KEY);
        replaceMetadata(zip, edit.apply(text));
    }

    /** The zip with its metadata entry replaced by {@code text} (a String object, as DL4J stores it). */
    public static void replaceMetadata(Path zip, String text) throws IOException {
        Path tmp = Files.createTempFile(zip.toAbsolutePath().getParent(), "edit", ".zip");
        ModelMigration.copyAllBut(zip, tmp, ModelFiles.METADATA_ENTRY);
        if (text != null) {
            ModelSerializer.addObjectToFile(tmp.toFile(), ModelFiles.METADATA_KEY, text);
        }
        Files.move(tmp, zip, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Overwrites the raw bytes of the metadata entry with garbage: the entry exists but cannot be read. */
    public static void breakMetadata(Path zip) throws IOException {
        Path tmp = Files.createTempFile(zip.toAbsolutePath().getParent(), "edit", ".zip");
        ModelMigration.copyAllBut(zip, tmp, ModelFiles.METADATA_ENTRY);
        Path out = Files.createTempFile(zip.toAbsolutePath().getParent(), "edit2", ".zip");
        try (var in = new java.util.zip.ZipFile(tmp.toFile());
             var zos = new java.util.zip.ZipOutputStream(Files.newOutputStream(out))) {
            for (var en = in.entries(); en.hasMoreElements(); ) {
                var e = en.nextElement();
                zos.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                try (var data = in.getInputStream(e)) {
                    data.transferTo(zos);
                }
                zos.closeEntry();
            }
            zos.putNextEntry(new java.util.zip.ZipEntry(ModelFiles.METADATA_ENTRY));
            zos.write(new byte[]{1, 2, 3, 4, 5, 6, 7, 8});
            zos.closeEntry();
        }
        Files.delete(tmp);
        Files.move(out, zip, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
