package io.cistern.memory.store;

import java.util.List;

/**
 * The one paging loop over a session's turns, oldest first: a page of at most {@code pageSize}
 * turns after the last sequence number seen, until a page comes back short. Who reads a page
 * decides how: {@link MemoryStore#thread} reads every page on one connection, while
 * {@link MemoryStore#streamSession(String, long)} takes a connection per page so that none is held
 * between pages.
 *
 * @param <X> what reading a page may throw ({@link java.sql.SQLException} on a connection,
 *     nothing checked through the store's limiter)
 */
final class TurnPages<X extends Exception> {

    /** Reads the turns after one sequence number. */
    @FunctionalInterface
    interface PageReader<X extends Exception> {
        List<SessionEntry> after(long seq, int pageSize) throws X;
    }

    private final PageReader<X> reader;
    private final int pageSize;
    private long after;
    private boolean exhausted;

    TurnPages(PageReader<X> reader, int pageSize, long afterSeq) {
        this.reader = reader;
        this.pageSize = pageSize;
        this.after = afterSeq;
    }

    /** @return the next page, or an empty list (without reading) once a short page was read */
    List<SessionEntry> next() throws X {
        if (exhausted) {
            return List.of();
        }
        List<SessionEntry> page = reader.after(after, pageSize);
        exhausted = page.size() < pageSize;
        if (!page.isEmpty()) {
            after = page.get(page.size() - 1).seq();
        }
        return page;
    }
}
