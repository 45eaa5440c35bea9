package io.github.invertible.data;

import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads files out of a Debian package without dpkg (DESIGN §9): a {@code .deb} is an ar archive whose member
 * {@code data.tar.xz} (or {@code .gz}) holds the installed tree. commons-compress reads all three layers.
 */
public final class DebArchive {
    private DebArchive() {
    }

    /**
     * Copies the members of the data tarball named as keys of {@code wanted} (paths as in the tarball, e.g.
     * {@code ./usr/share/...}) to the files given as values.
     *
     * @throws DataException naming the package when it is not a .deb, has no data tarball or lacks a member
     */
    public static void extract(Path deb, Map<String, Path> wanted) {
        Set<String> found = new HashSet<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(deb), 1 << 16);
             ArArchiveInputStream ar = new ArArchiveInputStream(raw)) {
            boolean data = false;
            for (ArArchiveEntry e; (e = ar.getNextEntry()) != null; ) {
                String name = e.getName();
                if (!name.startsWith("data.tar")) {
                    continue;
                }
                data = true;
                InputStream tarball = name.endsWith(".xz") ? new XZCompressorInputStream(ar)
                        : name.endsWith(".gz") ? new GzipCompressorInputStream(ar) : ar;
                TarArchiveInputStream tar = new TarArchiveInputStream(tarball);
                for (TarArchiveEntry t; (t = tar.getNextEntry()) != null; ) {
                    Path target = wanted.get(t.getName());
                    if (target != null && t.isFile()) {
                        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                        found.add(t.getName());
                    }
                }
                break;
            }
            if (!data) {
                throw new DataException(deb + ": not a Debian package with a data.tar member");
            }
        } catch (IOException e) {
            throw new DataException(deb + ": cannot unpack (" + e.getMessage() + ")", e);
        }
        for (String member : wanted.keySet()) {
            if (!found.contains(member)) {
                throw new DataException(deb + ": package has no " + member);
            }
        }
    }
}
