package io.github.invertible.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.List;

/**
 * The command line's standard output without DL4J's debugging chatter: SameDiff prints "Added differentiated op
 * NAME" with {@code System.out.println} (not through its logger, so no logging setting reaches it) for every op of
 * every SameDiff layer it differentiates, ~96 lines per {@code train}. Installed by {@link Main#main} only: tests
 * and library users see the stream unchanged. Every other line passes through untouched.
 */
final class QuietStdout extends PrintStream {
    /** Starts of the lines dropped. */
    static final List<String> DROPPED = List.of("Added differentiated op ");

    QuietStdout(OutputStream out, Charset charset) {
        super(out, true, charset);
    }

    /** Replaces {@code System.out} with a filtering one (idempotent). */
    static void install() {
        if (!(System.out instanceof QuietStdout)) {
            System.setOut(new QuietStdout(System.out, Charset.defaultCharset()));
        }
    }

    static boolean dropped(String line) {
        return line != null && DROPPED.stream().anyMatch(line::startsWith);
    }

    @Override
    public void println(String x) {
        if (!dropped(x)) {
            super.println(x);
        }
    }
}
