package io.cistern.jdbc;

import java.util.Locale;
import java.util.regex.Pattern;

/** Keeps passwords out of everything the pool prints: toString, logs, errors and metrics. */
final class Secrets {
    static final String MASK = "<masked>";
    private static final Pattern URL_SECRET = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret|token|sslpassword)=)[^&;]*");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@]+:)[^@/]*@");

    private Secrets() {
    }

    static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("passwd") || k.contains("secret") || k.contains("token");
    }

    static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String masked = URL_SECRET.matcher(url).replaceAll("$1" + MASK);
        return URL_USERINFO.matcher(masked).replaceAll("$1" + MASK + "@");
    }
}
