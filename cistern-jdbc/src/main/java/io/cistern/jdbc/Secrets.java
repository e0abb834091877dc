package io.cistern.jdbc;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps passwords out of everything Cistern prints: toString, logs, errors, metrics and CLI
 * output. The one masking every module uses for a JDBC URL or a property name, so that they
 * cannot disagree about what a secret is.
 */
public final class Secrets {
    /** What a secret is replaced with. */
    public static final String MASK = "<masked>";
    private static final Pattern URL_SECRET = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret|token|sslpassword)=)[^&;\\s]*");
    // Whitespace ends a value too, so that a URL inside a message masks only the URL's secret (a
    // space in a URL's password is percent-encoded).
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@\\s]+:)[^@/\\s]*@");

    private Secrets() {
    }

    /**
     * @param key a driver property or configuration name
     * @return whether its value is a secret (it names a password, secret or token)
     */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("passwd") || k.contains("secret") || k.contains("token");
    }

    /**
     * @param url a JDBC URL, or {@code null}
     * @return the URL with the values of password-like parameters ({@code password=},
     *     {@code sslpassword=}, {@code token=}...) and the password of a {@code user:password@}
     *     part replaced by {@link #MASK}; {@code null} for {@code null}. Also right for a message
     *     that contains such a URL: only the secrets are replaced.
     */
    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String masked = URL_SECRET.matcher(url).replaceAll("$1" + MASK);
        return URL_USERINFO.matcher(masked).replaceAll("$1" + MASK + "@");
    }
}
