package io.cistern.app;

/**
 * A command failed for a reason the user can act on: the message is the one line printed (what
 * failed, why, and the fix when it is known), the exit code says what kind of failure it was, and
 * the cause is kept for {@code --verbose}.
 */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /** A failed run: exit code {@link OneLineErrors#FAILED}. */
    CommandFailure(String message, Throwable cause) {
        this(OneLineErrors.FAILED, message, cause);
    }

    CommandFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    /** Prints the line (and, with {@code verbose}, the cause's stack trace) and returns the code. */
    int report(String command, boolean verbose) {
        System.err.println("cistern " + command + ": " + getMessage());
        if (verbose && getCause() != null) {
            getCause().printStackTrace(System.err);
        }
        return exitCode;
    }
}
