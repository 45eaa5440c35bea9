package io.github.invertible.data;

import io.github.invertible.common.ImageShape;

import java.util.List;

/**
 * Everything the application knows of a dataset (DESIGN §9): recorded in every model's metadata, so a model says
 * what it was trained on and {@code invert} reads the same data back.
 *
 * @param name            {@code mnist}, {@code fashion-mnist} or {@code idx} (any IDX directory)
 * @param shape           channels × height × width and the number of classes
 * @param classNames      one per class, in label order (figures and tables show them)
 * @param files           the published files in {@link IdxRole} order with the SHA-256 of their raw content; for
 *                        {@code idx} the files read (their SHA-256 is what was found, not a reference)
 * @param pixelScale      a stored byte b becomes the pixel b / pixelScale (255: pixels in [0, 1])
 * @param source          how the files are fetched (or, for {@code idx}, the directory they were read from)
 * @param directory       where the fetched files live ({@code data/NAME}); for {@code idx} the directory read
 * @param mirrorInvariant whether a horizontal mirror keeps the label (clothing: yes; digits: no), the condition
 *                        for {@code train --flip}
 */
public record DatasetDescriptor(String name, ImageShape shape, List<String> classNames, List<DataFile> files,
                                double pixelScale, String source, String directory, boolean mirrorInvariant) {
    public DatasetDescriptor {
        classNames = List.copyOf(classNames);
        files = List.copyOf(files);
        if (classNames.size() != shape.classes()) {
            throw new IllegalArgumentException(name + ": " + classNames.size() + " class names for "
                    + shape.classes() + " classes");
        }
        if (!(pixelScale > 0)) {
            throw new IllegalArgumentException(name + ": pixel scale must be > 0, got " + pixelScale);
        }
    }

    /** The published file of {@code role}, or null when the descriptor lists none (idx read before loading). */
    public DataFile file(IdxRole role) {
        return files.size() == IdxRole.values().length ? files.get(role.ordinal()) : null;
    }

    /**
     * The name results show: a built-in's name, or for {@code idx} data {@code idx:} and the first 12 hex digits
     * of the SHA-256 over its four files' content hashes, so that different data never share a name.
     */
    public String label() {
        if (!Datasets.Id.IDX.id().equals(name) || files.size() != IdxRole.values().length) {
            return name;
        }
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            for (DataFile f : files) {
                md.update((f.sha256() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            return name + ":" + java.util.HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }

    public String className(int label) {
        return classNames.get(label);
    }
}
