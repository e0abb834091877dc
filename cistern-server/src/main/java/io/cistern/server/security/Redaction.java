package io.cistern.server.security;

import java.util.regex.Pattern;

/**
 * Takes secrets out of text bound for logs, errors or the dashboard: {@code password=...} in a
 * JDBC URL or message, credentials in {@code user:pass@host}, and bearer tokens.
 */
public final class Redaction {

    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password|passwd|pwd|secret|token)=([^&;\\s]*)");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:\\s]+):([^@/\\s]+)@");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)\\S+");

    private Redaction() {
    }

    /** @return {@code text} with secrets replaced by {@code ***}; null stays null */
    public static String clean(String text) {
        if (text == null) {
            return null;
        }
        String t = PASSWORD_PARAM.matcher(text).replaceAll("$1=***");
        t = USER_INFO.matcher(t).replaceAll("$1:***@");
        return BEARER.matcher(t).replaceAll("$1***");
    }
}
