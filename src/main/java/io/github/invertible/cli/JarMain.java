package io.github.invertible.cli;

import java.util.Map;

/**
 * Entry point of the runnable jar ({@code java -jar target/invertible-rectifier-nets-VERSION-all.jar COMMAND ...}):
 * gives JavaCPP the off-heap limits that {@code mvn} takes from {@code .mvn/jvm.config}, unless the command line
 * set them ({@code -Dorg.bytedeco.javacpp.maxbytes=...}), then runs {@link Main}. The properties are read when
 * JavaCPP's {@code Pointer} class loads, so this class must not touch ND4J before setting them.
 */
public final class JarMain {
    /** The same values as .mvn/jvm.config (keep them in step). */
    static final Map<String, String> JAVACPP_DEFAULTS = Map.of(
            "org.bytedeco.javacpp.maxbytes", "6G",
            "org.bytedeco.javacpp.maxphysicalbytes", "6G");

    private JarMain() {
    }

    public static void main(String[] args) {
        JAVACPP_DEFAULTS.forEach((k, v) -> {
            if (System.getProperty(k) == null) {
                System.setProperty(k, v);
            }
        });
        try { // the jar's own path, for messages that suggest commands (Launcher)
            var source = JarMain.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                System.setProperty(Launcher.JAR_PROPERTY, java.nio.file.Path.of(source.getLocation().toURI()).toString());
            }
        } catch (java.net.URISyntaxException | SecurityException e) {
            // messages then suggest app/ or mvn commands
        }
        Main.main(args);
    }
}
