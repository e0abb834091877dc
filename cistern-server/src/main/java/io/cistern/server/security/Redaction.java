package io.cistern.server.security;

import io.cistern.jdbc.Secrets;
import java.util.regex.Pattern;

/**
 * Takes secrets out of text bound for logs, errors or the dashboard: what {@link Secrets#maskUrl}
 * masks in a JDBC URL or a message quoting one ({@code password=...}, {@code user:pass@host}), and
 * bearer tokens.
 */
public final class Redaction {

    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)\\S+");

    private Redaction() {
    }

    /** @return {@code text} with secrets replaced by {@link Secrets#MASK}; null stays null */
    public static String clean(String text) {
        if (text == null) {
            return null;
        }
        return BEARER.matcher(Secrets.maskUrl(text)).replaceAll("$1" + Secrets.MASK);
    }
}
