package io.cistern.memory.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * A search text parsed in Java, and its translations for the two databases. The translations hold
 * only tokens of letters and digits (quoted for FTS5) and the operators this class writes, and are
 * bound as statement parameters: user text can change neither the SQL nor the meaning of the
 * database's query syntax.
 *
 * <p>Syntax ({@value #SYNTAX}):
 * <ul>
 *   <li>{@code rhine delta}: both words (AND);</li>
 *   <li>{@code "river delta"}: the words next to each other, in order;</li>
 *   <li>{@code rhine OR danube}: either (OR binds two or more neighbours into one clause);</li>
 *   <li>{@code -flood}: not this word or phrase (at least one clause must not be excluded);</li>
 *   <li>{@code riv*}: a word beginning so (at least one letter or digit before the star).</li>
 * </ul>
 * Words are cut as the index cuts text ({@link Tokens}): case is ignored, and a word with
 * punctuation inside ({@code e-mail}) is the phrase of its parts.
 */
public final class ParsedQuery {

    /** What the syntax allows, for error messages. */
    public static final String SYNTAX = "words (all must match), \"quoted phrases\", OR between two terms, "
            + "-excluded terms, prefix* ; at most " + 1000 + " characters and 32 terms, at least one term not excluded";
    /** The longest search text. */
    public static final int MAX_TEXT = 1000;
    /** The most terms. */
    public static final int MAX_TERMS = 32;
    /** The longest snippet. */
    public static final int SNIPPET_CHARS = 160;

    /** A word, prefix or phrase: its tokens, and whether the last one is a prefix. */
    private record Term(List<String> tokens, boolean prefix) {
        String fts5() {
            StringJoiner phrase = new StringJoiner(" ", "\"", "\"");
            tokens.forEach(phrase::add);
            return phrase + (prefix ? " *" : "");
        }

        String tsquery() {
            StringJoiner phrase = new StringJoiner(" <-> ", "(", ")");
            for (int i = 0; i < tokens.size(); i++) {
                phrase.add(tokens.get(i) + (prefix && i == tokens.size() - 1 ? ":*" : ""));
            }
            return phrase.toString();
        }
    }

    /** Terms joined by OR; {@code excluded} for a clause of one term preceded by '-'. */
    private record Clause(List<Term> anyOf, boolean excluded) {
    }

    private final String text;
    private final List<Clause> clauses;

    private ParsedQuery(String text, List<Clause> clauses) {
        this.text = text;
        this.clauses = clauses;
    }

    /**
     * @param text the search text
     * @return it, parsed
     * @throws SearchSyntaxException naming the bad part and what is allowed
     */
    public static ParsedQuery parse(String text) {
        if (text == null) {
            throw new SearchSyntaxException("null", -1, "no text");
        }
        if (text.length() > MAX_TEXT) {
            throw new SearchSyntaxException(text.substring(0, 40) + "...", MAX_TEXT, text.length() + " characters");
        }
        List<Clause> clauses = new ArrayList<>();
        List<Term> orGroup = null;
        boolean pendingOr = false;
        int terms = 0;
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (Character.isWhitespace(ch)) {
                i++;
                continue;
            }
            int start = i;
            boolean excluded = false;
            if (ch == '-') {
                excluded = true;
                i++;
                if (i >= text.length() || Character.isWhitespace(text.charAt(i))) {
                    throw new SearchSyntaxException(text, start, "'-' without a term after it");
                }
            }
            Term term;
            if (text.charAt(i) == '"') {
                int close = text.indexOf('"', i + 1);
                if (close < 0) {
                    throw new SearchSyntaxException(text, i, "a quote without its closing quote");
                }
                List<String> tokens = Tokens.of(text.substring(i + 1, close));
                if (tokens.isEmpty()) {
                    throw new SearchSyntaxException(text, i, "a phrase without letters or digits");
                }
                i = close + 1;
                if (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                    throw new SearchSyntaxException(text, i, "'" + text.charAt(i) + "' right after a phrase");
                }
                term = new Term(tokens, false);
            } else {
                int end = i;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
                String word = text.substring(i, end);
                i = end;
                if (!excluded && word.equals("OR")) {
                    if (orGroup == null || pendingOr) {
                        throw new SearchSyntaxException(text, start, "OR without a term before it");
                    }
                    pendingOr = true;
                    continue;
                }
                if (word.indexOf('"') >= 0) {
                    throw new SearchSyntaxException(text, start + word.indexOf('"'), "a quote inside a word");
                }
                boolean prefix = word.endsWith("*");
                String body = prefix ? word.substring(0, word.length() - 1) : word;
                if (body.indexOf('*') >= 0) {
                    throw new SearchSyntaxException(text, start, "'*' inside a word (it may only end one)");
                }
                List<String> tokens = Tokens.of(body);
                if (tokens.isEmpty()) {
                    throw new SearchSyntaxException(text, start, "'" + word + "' has no letters or digits");
                }
                if (prefix && !Character.isLetterOrDigit(body.codePointBefore(body.length()))) {
                    throw new SearchSyntaxException(text, start, "'" + word + "': '*' must follow a letter or digit");
                }
                term = new Term(tokens, prefix);
            }
            if (++terms > MAX_TERMS) {
                throw new SearchSyntaxException(text, start, "more than " + MAX_TERMS + " terms");
            }
            if (pendingOr) {
                if (excluded) {
                    throw new SearchSyntaxException(text, start, "an excluded term in an OR");
                }
                orGroup.add(term);
                pendingOr = false;
                continue;
            }
            if (excluded) {
                clauses.add(new Clause(List.of(term), true));
                orGroup = null;
            } else {
                orGroup = new ArrayList<>();
                orGroup.add(term);
                clauses.add(new Clause(orGroup, false));
            }
        }
        if (pendingOr) {
            throw new SearchSyntaxException(text, text.length() - 1, "OR without a term after it");
        }
        if (clauses.stream().allMatch(Clause::excluded)) {
            throw new SearchSyntaxException(text, 0, clauses.isEmpty() ? "no term" : "only excluded terms");
        }
        List<Clause> frozen = clauses.stream().map(c -> new Clause(List.copyOf(c.anyOf()), c.excluded())).toList();
        return new ParsedQuery(text, frozen);
    }

    /** @return the text as given */
    public String text() {
        return text;
    }

    /** @return the FTS5 MATCH expression: every token quoted, operators parenthesised */
    public String fts5() {
        StringJoiner positive = new StringJoiner(" AND ");
        List<String> negative = new ArrayList<>();
        for (Clause c : clauses) {
            StringJoiner any = new StringJoiner(" OR ", "(", ")");
            c.anyOf().forEach(t -> any.add(t.fts5()));
            if (c.excluded()) {
                negative.add(any.toString());
            } else {
                positive.add(any.toString());
            }
        }
        String expression = "(" + positive + ")";
        for (String n : negative) {
            expression = "(" + expression + " NOT " + n + ")";
        }
        return expression;
    }

    /** @return the PostgreSQL tsquery text, for {@code to_tsquery('simple', ?)} */
    public String tsquery() {
        StringJoiner all = new StringJoiner(" & ");
        for (Clause c : clauses) {
            StringJoiner any = new StringJoiner(" | ", "(", ")");
            c.anyOf().forEach(t -> any.add(t.tsquery()));
            all.add((c.excluded() ? "!" : "") + any);
        }
        return all.toString();
    }

    /**
     * @param body an indexed text
     * @return up to {@value #SNIPPET_CHARS} characters around the first token of a term that is not
     *     excluded, or the start of the text
     */
    public String snippet(String body) {
        String lower = body.toLowerCase(Locale.ROOT);
        int at = -1;
        for (Clause c : clauses) {
            if (c.excluded()) {
                continue;
            }
            for (Term t : c.anyOf()) {
                int found = lower.indexOf(t.tokens().get(0));
                if (found >= 0 && (at < 0 || found < at)) {
                    at = found;
                }
            }
        }
        int from = Math.max(0, at - SNIPPET_CHARS / 4);
        int to = Math.min(body.length(), from + SNIPPET_CHARS);
        // never cut a surrogate pair in two
        if (from > 0 && Character.isLowSurrogate(body.charAt(from))) {
            from++;
        }
        if (to < body.length() && Character.isHighSurrogate(body.charAt(to - 1))) {
            to--;
        }
        return body.substring(from, to);
    }

    @Override
    public String toString() {
        return text;
    }
}
