package io.cistern.memory.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParsedQueryTest {

    @Test
    void everyFormTranslatesToQuotedTokensAndOperatorsOnly() {
        ParsedQuery q = ParsedQuery.parse("Rhine \"river  Delta\" danube OR Elbe* -flood -\"dry season\"");
        assertThat(q.fts5()).isEqualTo("((((\"rhine\") AND (\"river delta\") AND (\"danube\" OR \"elbe\" *)) NOT (\"flood\")) "
                + "NOT (\"dry season\"))");
        assertThat(q.tsquery()).isEqualTo("((rhine)) & ((river <-> delta)) & ((danube) | (elbe:*)) & !((flood)) & !((dry <-> season))");
    }

    @Test
    void punctuationInsideAWordMakesAPhraseAndSqlOrFtsSyntaxIsJustText() {
        assertThat(ParsedQuery.parse("e-mail").fts5()).isEqualTo("((\"e mail\"))");
        // Quotes, colons, parentheses, NEAR, SQL: nothing reaches the database but letters and digits.
        ParsedQuery q = ParsedQuery.parse("x');DROP:table NEAR(a) col:x*");
        assertThat(q.fts5()).isEqualTo("((\"x drop table\") AND (\"near a\") AND (\"col x\" *))");
        assertThat(q.tsquery()).isEqualTo("((x <-> drop <-> table)) & ((near <-> a)) & ((col <-> x:*))");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "\"unclosed phrase        | a quote without its closing quote",
            "OR rhine                 | OR without a term before it",
            "rhine OR                 | OR without a term after it",
            "rhine OR OR danube       | OR without a term before it",
            "rhine -                  | '-' without a term after it",
            "-flood                   | only excluded terms",
            "rhine OR -flood          | an excluded term in an OR",
            "riv*er                   | '*' inside a word",
            "*                        | has no letters or digits",
            "!!! ???                  | has no letters or digits",
            "\"   \"                  | a phrase without letters or digits",
            "\"a b\"c                 | right after a phrase",
            "'                        | has no letters or digits",
            "ri\"ver                  | a quote inside a word",
    })
    void badTextIsRefusedNamingItAndWhatIsAllowed(String text, String problem) {
        assertThatThrownBy(() -> ParsedQuery.parse(text.strip()))
                .isInstanceOf(SearchSyntaxException.class)
                .hasMessageContaining("'" + text.strip() + "'")
                .hasMessageContaining(problem)
                .hasMessageContaining("allowed: words");
    }

    @Test
    void emptyLongAndTooManyTermsAreRefused() {
        assertThatThrownBy(() -> ParsedQuery.parse("   ")).hasMessageContaining("no term");
        assertThatThrownBy(() -> ParsedQuery.parse("a".repeat(1001))).hasMessageContaining("1001 characters");
        assertThatThrownBy(() -> ParsedQuery.parse("w ".repeat(33))).hasMessageContaining("more than 32 terms");
        assertThatThrownBy(() -> SearchQuery.of("", "rhine")).hasMessageContaining("namespace = ''");
    }

    @Test
    void snippetIsAroundTheFirstWordFound() {
        ParsedQuery q = ParsedQuery.parse("delta -flood");
        String body = "x".repeat(500) + " the Delta of the river " + "y".repeat(500);
        String snippet = q.snippet(body);
        assertThat(snippet).contains("Delta of the river").hasSizeLessThanOrEqualTo(ParsedQuery.SNIPPET_CHARS);
        assertThat(q.snippet("short")).isEqualTo("short");
    }
}
