package io.cistern.routing;

import java.util.regex.Pattern;

/** Keeps passwords out of endpoint URLs shown in logs, errors and health. */
final class Masking {
    private static final Pattern URL_SECRET = Pattern.compile("(?i)((?:password|passwd|pwd|secret|token|sslpassword)=)[^&;]*");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@]+:)[^@/]*@");

    private Masking() {
    }

    static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String masked = URL_SECRET.matcher(url).replaceAll("$1<masked>");
        return URL_USERINFO.matcher(masked).replaceAll("$1<masked>@");
    }
}
