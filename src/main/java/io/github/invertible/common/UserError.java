package io.github.invertible.common;

/**
 * A problem the user can fix (a bad option, a missing or corrupt file, a folder that cannot be written, a
 * model held by another run): the command line prints its message as one line and exits with code 2.
 * Every other exception is a bug and keeps its stack trace.
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
