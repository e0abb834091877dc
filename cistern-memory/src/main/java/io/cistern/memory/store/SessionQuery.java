package io.cistern.memory.store;

import io.cistern.memory.model.NodeKind;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which turns of a session to list, newest first: kinds, a time range, a page size and the cursor
 * from the previous page.
 *
 * <pre>{@code
 * Page<SessionEntry> page = store.sessionNodes(SessionQuery.of(sessionId).kinds(NodeKind.PROMPT).limit(50));
 * page = store.sessionNodes(SessionQuery.of(sessionId).kinds(NodeKind.PROMPT).limit(50).after(page.nextCursor().getAsLong()));
 * }</pre>
 */
public final class SessionQuery {

    /** The largest page. */
    public static final int MAX_LIMIT = 10_000;

    private final String sessionId;
    private Set<NodeKind> kinds = EnumSet.noneOf(NodeKind.class);
    private Instant from;
    private Instant to;
    private int limit = 100;
    private long cursor = Long.MAX_VALUE;

    private SessionQuery(String sessionId) {
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    }

    /** @return a query for every turn of {@code sessionId}, 100 per page */
    public static SessionQuery of(String sessionId) {
        return new SessionQuery(sessionId);
    }

    /**
     * @param wanted the kinds to keep: prompts, responses or tool invocations; none means all
     * @return this query
     */
    public SessionQuery kinds(NodeKind... wanted) {
        EnumSet<NodeKind> set = EnumSet.noneOf(NodeKind.class);
        for (NodeKind k : wanted) {
            if (!k.isTurn()) {
                throw new IllegalArgumentException("kind " + k + " is not allowed in a session query; allowed: "
                        + "PROMPT, RESPONSE, TOOL_INVOCATION");
            }
            set.add(k);
        }
        this.kinds = set;
        return this;
    }

    /**
     * @param fromInclusive earliest creation time, or null
     * @param toExclusive end of the range, or null
     * @return this query
     */
    public SessionQuery between(Instant fromInclusive, Instant toExclusive) {
        if (fromInclusive != null && toExclusive != null && !fromInclusive.isBefore(toExclusive)) {
            throw new IllegalArgumentException("time range [" + fromInclusive + ", " + toExclusive
                    + ") is empty; allowed: from before to");
        }
        this.from = fromInclusive;
        this.to = toExclusive;
        return this;
    }

    /**
     * @param pageSize items per page, 1 to {@value #MAX_LIMIT}
     * @return this query
     */
    public SessionQuery limit(int pageSize) {
        if (pageSize < 1 || pageSize > MAX_LIMIT) {
            throw new IllegalArgumentException("limit = " + pageSize + " is not allowed; allowed: 1 to " + MAX_LIMIT);
        }
        this.limit = pageSize;
        return this;
    }

    /**
     * @param previousCursor the {@link Page#nextCursor()} of the previous page
     * @return this query
     */
    public SessionQuery after(long previousCursor) {
        if (previousCursor < 1) {
            throw new IllegalArgumentException("cursor = " + previousCursor + " is not allowed; allowed: a cursor from a previous page");
        }
        this.cursor = previousCursor;
        return this;
    }

    String sessionId() { return sessionId; }

    Set<NodeKind> kinds() { return kinds; }

    Instant from() { return from; }

    Instant to() { return to; }

    int limit() { return limit; }

    long cursor() { return cursor; }
}
