package io.github.invertible.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Versions and the native build as a run records them, from the class path and from the runnable jar. */
class RunEnvironmentJarTest {

    @Test
    void theRunnableJarsManifestNamesItsNativeBuild(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("x-all.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue(RunEnvironment.NATIVE_BUILD_ATTRIBUTE, "nd4j-native-1.0.0-M2.1-linux-x86_64-onednn-avx2");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        assertEquals("nd4j-native-1.0.0-M2.1-linux-x86_64-onednn-avx2", RunEnvironment.nativeBuildOf(jar));
        Path plain = dir.resolve("plain.jar");
        try (OutputStream out = Files.newOutputStream(plain); JarOutputStream j = new JarOutputStream(out)) {
            j.flush();
        }
        assertEquals("unknown", RunEnvironment.nativeBuildOf(plain), "a jar that does not say so claims nothing");
    }

    @Test
    void versionsComeFromTheBuild() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        String version = pom.replaceAll("(?s).*?<artifactId>invertible-rectifier-nets</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
        assertEquals(version, RunEnvironment.version());
        assertEquals("1.0.0-M2.1", RunEnvironment.dl4jVersion());
        assertTrue(RunEnvironment.nd4jNativeBuild().startsWith("nd4j-native-1.0.0-M2.1-linux-x86_64"),
                RunEnvironment.nd4jNativeBuild());
    }
}
