package io.cistern.app;

import io.cistern.server.security.Redaction;

/** The server's redaction, for the command line's own error lines. */
final class Secrets {

    private Secrets() {
    }

    static String redact(String text) {
        return Redaction.clean(text);
    }
}
