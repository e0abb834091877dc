package io.cistern.app;

/** A command that cannot go on: one line for the user, and the exit code. */
final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

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
