package io.github.invertible.data;

/** A dataset problem a user can act on: the message names the file and what is wrong with it. */
public class DataException extends io.github.invertible.common.UserError {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
