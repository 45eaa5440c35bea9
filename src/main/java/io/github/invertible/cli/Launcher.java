package io.github.invertible.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the user started this program, so that a message suggests a command that works from where they are: the
 * runnable jar ({@code java -jar PATH COMMAND}), the project's launcher scripts ({@code app/COMMAND}, when the
 * working folder has them) or Maven ({@code mvn exec:java -DCOMMAND}, the project's folder).
 */
public final class Launcher {
    /** Set by {@link JarMain} to the runnable jar's path. */
    static final String JAR_PROPERTY = "invnet.jar";

    private Launcher() {
    }

    /** The command line that runs {@code command} (with {@code args}) the way this run was started. */
    public static String command(String command, String args) {
        String tail = args == null || args.isBlank() ? "" : " " + args;
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar != null) {
            return "java -jar " + jar + " " + command + tail;
        }
        if (Files.isRegularFile(Path.of("app", command))) {
            return "app/" + command + tail;
        }
        return "mvn exec:java -D" + command + (tail.isEmpty() ? "" : " -Dargs=\"" + tail.strip() + "\"");
    }
}
