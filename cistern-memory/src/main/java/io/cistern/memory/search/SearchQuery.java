package io.cistern.memory.search;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A full-text search: the text ({@link ParsedQuery} gives the syntax), the namespace searched
 * (required, matched exactly: never by prefix or pattern), and optional filters.
 *
 * <pre>{@code
 * SearchPage page = store.search(SearchQuery.of("acme", "rhine \"river delta\" -flood")
 *         .kinds(SearchKind.PROMPT, SearchKind.RESPONSE).limit(20));
 * SearchPage next = store.search(SearchQuery.of("acme", "rhine \"river delta\" -flood")
 *         .kinds(SearchKind.PROMPT, SearchKind.RESPONSE).limit(20).after(page.nextCursor().orElseThrow()));
 * }</pre>
 */
public final class SearchQuery {

    /** The largest page. */
    public static final int MAX_LIMIT = 1_000;
    /** The page size unless set. */
    public static final int DEFAULT_LIMIT = 20;

    private final String namespace;
    private final ParsedQuery parsed;
    private String sessionId;
    private Set<SearchKind> kinds = EnumSet.noneOf(SearchKind.class);
    private Instant from;
    private Instant to;
    private int limit = DEFAULT_LIMIT;
    private String cursor;

    private SearchQuery(String namespace, ParsedQuery parsed) {
        this.namespace = namespace;
        this.parsed = parsed;
    }

    /**
     * @param namespace the namespace to search, exactly as stored (no pattern, no prefix)
     * @param text the search text
     * @return the query, all kinds, any time, {@value #DEFAULT_LIMIT} hits a page
     * @throws IllegalArgumentException if the namespace is blank
     * @throws SearchSyntaxException if the text is not allowed, naming the bad part
     */
    public static SearchQuery of(String namespace, String text) {
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException("namespace = " + (namespace == null ? "null" : "'" + namespace + "'")
                    + " is not allowed; allowed: the non-blank namespace to search, matched exactly");
        }
        return new SearchQuery(namespace, ParsedQuery.parse(text));
    }

    /** @param id only this session's turns (observations belong to no session) @return this query */
    public SearchQuery session(String id) {
        this.sessionId = Objects.requireNonNull(id, "session id");
        return this;
    }

    /** @param wanted only these kinds; none means all @return this query */
    public SearchQuery kinds(SearchKind... wanted) {
        EnumSet<SearchKind> set = EnumSet.noneOf(SearchKind.class);
        for (SearchKind k : wanted) {
            set.add(Objects.requireNonNull(k, "kind"));
        }
        this.kinds = set;
        return this;
    }

    /**
     * @param fromInclusive the earliest time, or null
     * @param toExclusive the time before which, or null
     * @return this query
     * @throws IllegalArgumentException if the range is empty
     */
    public SearchQuery between(Instant fromInclusive, Instant toExclusive) {
        if (fromInclusive != null && toExclusive != null && !fromInclusive.isBefore(toExclusive)) {
            throw new IllegalArgumentException("time range [" + fromInclusive + ", " + toExclusive
                    + ") is empty; allowed: from before to");
        }
        this.from = fromInclusive;
        this.to = toExclusive;
        return this;
    }

    /** @param pageSize hits per page, 1 to {@value #MAX_LIMIT} @return this query */
    public SearchQuery limit(int pageSize) {
        if (pageSize < 1 || pageSize > MAX_LIMIT) {
            throw new IllegalArgumentException("limit = " + pageSize + " is not allowed; allowed: 1 to " + MAX_LIMIT);
        }
        this.limit = pageSize;
        return this;
    }

    /**
     * @param previous the {@link SearchPage#nextCursor()} of the previous page of the same query
     * @return this query, for the page after it
     */
    public SearchQuery after(String previous) {
        this.cursor = Objects.requireNonNull(previous, "cursor");
        return this;
    }

    /** @return the namespace searched */
    public String namespace() { return namespace; }

    /** @return the parsed text */
    public ParsedQuery parsed() { return parsed; }

    /** @return the session filter, or null */
    public String sessionId() { return sessionId; }

    /** @return the kinds wanted, empty for all */
    public Set<SearchKind> kinds() { return Set.copyOf(kinds); }

    /** @return the earliest time, or null */
    public Instant from() { return from; }

    /** @return the exclusive end of the time range, or null */
    public Instant to() { return to; }

    /** @return hits per page */
    public int limit() { return limit; }

    /** @return the cursor of the previous page, or null for the first */
    public String cursor() { return cursor; }
}
