package io.cistern.app;

/**
 * A command failed for a reason the user can act on: the message is the one line printed (what
 * failed, why, and the fix when it is known); the cause is kept for {@code --verbose}.
 */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
