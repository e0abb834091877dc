package io.cistern.memory.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one tokeniser of indexed text and of queries: maximal runs of letters and digits, lower-case.
 * The index holds the tokens joined by spaces, so SQLite's unicode61 tokeniser and PostgreSQL's
 * 'simple' configuration both see exactly these words: the same text gives the same hits on both.
 */
public final class Tokens {

    /** Longer runs are not words (hashes, base64): left out, as PostgreSQL would refuse them. */
    public static final int MAX_TOKEN_CHARS = 64;
    /** Tokens indexed per entry: PostgreSQL keeps positions up to 16,383, beyond which phrases would differ. */
    public static final int MAX_TOKENS = 16_000;

    private Tokens() {
    }

    /**
     * @param text any text
     * @return its tokens, in order, at most {@value #MAX_TOKENS}
     */
    public static List<String> of(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n && out.size() < MAX_TOKENS) {
            int cp = text.codePointAt(i);
            if (!Character.isLetterOrDigit(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < n && Character.isLetterOrDigit(text.codePointAt(i))) {
                i += Character.charCount(text.codePointAt(i));
            }
            if (i - start <= MAX_TOKEN_CHARS) {
                out.add(text.substring(start, i).toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /**
     * @param text any text
     * @return what the index stores for it: its tokens joined by single spaces
     */
    public static String terms(String text) {
        return String.join(" ", of(text));
    }
}
