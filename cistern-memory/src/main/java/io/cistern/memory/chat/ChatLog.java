package io.cistern.memory.chat;

import io.cistern.memory.model.Node;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.Session;
import io.cistern.memory.model.ToolInvocation;
import io.cistern.memory.store.Batch;
import io.cistern.memory.store.BatchResult;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.SessionChangedException;
import io.cistern.memory.store.SessionEntry;
import io.cistern.memory.store.SessionState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A chat framework's conversations on the memory store: each conversation is a session, each
 * message a turn, and the framework's current list of messages a view over the turns.
 *
 * <p><b>Saving</b> takes the whole list, as the frameworks pass it, and writes only what changed:
 * the messages that are new are appended (one batch: their turns and edges), and the ones the list
 * left out leave the view (a few bytes of the session's metadata) but stay in the store's history.
 * What is new and what was left out is decided against the view <em>this thread last read</em> (the
 * frameworks read, add and save on one thread): a message appended by another writer after that
 * read is neither, so it stays, ordered by its sequence number. A stale list therefore never
 * erases another writer's turns; two writers that drop the same oldest message both drop it once.
 * A change of the view is a conditional write (it commits only if nobody changed the view since),
 * retried on conflict; appends need no condition, the store's sequence numbers order them.
 *
 * <p><b>Reading</b> asks the database for the session's state (one small query) and reads only the
 * turns appended since this process last looked; the decoded view is kept in memory per
 * conversation (segments of shared arrays, so a save changes it without copying it). The database
 * work of a read and of a save is therefore the same whatever the length of the history; in memory
 * a read hands the framework a new list of the cached messages themselves (array copies) and a save
 * walks the framework's list once, comparing references (the frameworks save the objects they read).
 *
 * <p><b>Order</b>: a view is always in sequence order. A list that puts a new message before
 * messages already stored (a changed system message moved to the front) is saved by appending
 * that message and, again, the ones after it, so the store's history shows them twice.
 *
 * @param <M> the framework's message type
 */
public final class ChatLog<M> {

    /** The most attempts of a save whose view another writer keeps changing. */
    static final int MAX_ATTEMPTS = 64;
    /** Per thread, the last read of this many conversations is remembered as the base of their next save. */
    static final int BASES_PER_THREAD = 16;

    private final MemoryStore store;
    private final String namespace;
    private final ChatCodec<M> codec;
    private final TurnMapper<M> mapper;
    private final int cachedConversations;
    private final ConcurrentHashMap<String, View<M>> views = new ConcurrentHashMap<>();
    private final ThreadLocal<Map<String, View<M>>> bases = ThreadLocal.withInitial(() -> new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, View<M>> eldest) {
            return size() > BASES_PER_THREAD;
        }
    });

    /**
     * @param store the store
     * @param namespace the namespace of the sessions this log creates and reads
     * @param codec the framework's messages
     * @param cachedConversations how many conversations' views to keep decoded in memory, 0 for none
     */
    public ChatLog(MemoryStore store, String namespace, ChatCodec<M> codec, int cachedConversations) {
        this.store = Objects.requireNonNull(store, "store");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        if (namespace.isBlank()) {
            throw new IllegalArgumentException("namespace = '" + namespace + "' is not allowed; allowed: a non-blank string");
        }
        this.codec = Objects.requireNonNull(codec, "codec");
        if (cachedConversations < 0) {
            throw new IllegalArgumentException("cachedConversations = " + cachedConversations + " is not allowed; allowed: 0 or more");
        }
        this.cachedConversations = cachedConversations;
        this.mapper = new TurnMapper<>(store, codec);
    }

    /** @return the store */
    public MemoryStore store() {
        return store;
    }

    /** @return the namespace */
    public String namespace() {
        return namespace;
    }

    /**
     * @param sessionId the conversation's session
     * @return the messages of its view, in order; empty if there is no such session
     */
    public List<M> read(String sessionId) {
        View<M> v = current(sessionId);
        bases.get().put(sessionId, v);
        return v.messages();
    }

    /**
     * @param sessionId the conversation's session
     * @return the view as turns: sequence number, turn id and message
     */
    public List<Entry<M>> entries(String sessionId) {
        return List.copyOf(current(sessionId).entries());
    }

    /**
     * Saves the framework's list: appends what is new, drops from the view what the list left out
     * of what this thread last read. See the class comment for the exact rule.
     *
     * @param sessionId the conversation's session, created on the first save
     * @param messages the whole current list
     * @throws IllegalArgumentException if the session belongs to another namespace
     * @throws SessionChangedException if other writers changed the view {@value #MAX_ATTEMPTS} times in a row
     */
    public void save(String sessionId, List<M> messages) {
        Objects.requireNonNull(sessionId, "sessionId");
        // One round trip when this process's view is current: the write itself, conditional on the
        // view's version (or, for appends only, on the session still being the same one).
        List<M> list = messages; // walked once, in order: a LinkedList needs no copy
        for (int attempt = 1; ; attempt++) {
            // The cached view may be behind another process; the write's condition finds out, and then the retry reads.
            View<M> cached = attempt == 1 ? views.get(sessionId) : null;
            View<M> cur = cached != null ? cached : current(sessionId);
            View<M> base = bases.get().get(sessionId);
            if (base == null || !Objects.equals(base.epoch(), cur.epoch())) {
                base = cur;
            }
            try {
                bases.get().put(sessionId, write(sessionId, cur, base, list));
                return;
            } catch (SessionChangedException e) {
                views.remove(sessionId);
                if (attempt == MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Deletes the conversation: its session, every turn, every edge between them, the store's
     * cached entries and this log's view.
     *
     * @param sessionId the conversation's session
     * @return false if there was none
     */
    public boolean delete(String sessionId) {
        views.remove(sessionId);
        bases.get().remove(sessionId);
        return store.delete(sessionId);
    }

    /**
     * @return the ids of the namespace's sessions, in id order, read 500 per round trip as the
     *     stream is consumed
     */
    public Stream<String> sessionIds() {
        var pages = new java.util.Iterator<String>() {
            private List<String> page = List.of();
            private int next;
            private String after = "";
            private boolean last;

            @Override
            public boolean hasNext() {
                if (next < page.size()) {
                    return true;
                }
                if (last) {
                    return false;
                }
                page = store.sessionIds(namespace, after, 500);
                next = 0;
                last = page.size() < 500;
                if (!page.isEmpty()) {
                    after = page.get(page.size() - 1);
                }
                return !page.isEmpty();
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return page.get(next++);
            }
        };
        return StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(pages,
                java.util.Spliterator.ORDERED | java.util.Spliterator.NONNULL), false);
    }

    // ---- the save ------------------------------------------------------------------------------

    private View<M> write(String sessionId, View<M> cur, View<M> base, List<M> list) {
        Match<M> m = match(base.entries(), list);
        List<Long> evicted = new ArrayList<>();
        for (Entry<M> e : m.left()) {
            if (cur.entries().indexOf(e.seq()) >= 0) {
                evicted.add(e.seq());
            }
        }
        if (m.fresh().isEmpty() && evicted.isEmpty()) {
            return new View<>(cur.epoch(), cur.version(), cur.lastSeq(), m.kept());
        }
        Batch batch = store.batch();
        ViewState next = null;
        Instant now = Instant.now();
        if (cur.session() == null) {
            ViewState fresh = ViewState.fresh();
            batch.addIfAbsent(new Session(sessionId, namespace, now, now, fresh.into(Map.of()), List.of()));
        } else if (!evicted.isEmpty()) {
            next = cur.state().evict(evicted, cur.entries());
            Session s = cur.session();
            batch.add(new Session(s.id(), s.namespace(), s.createdAt(), now, next.into(s.metadata()), s.tags()));
            batch.expectSessionMetadata(sessionId, ViewState.VERSION, s.metadata().get(ViewState.VERSION));
        } else {
            // Appends need no view change; only a deleted (or deleted and re-created) session must stop them.
            batch.expectSessionMetadata(sessionId, ViewState.EPOCH, cur.session().metadata().get(ViewState.EPOCH));
        }
        List<TurnMapper.Written<M>> written = mapper.add(batch, sessionId, cur.entries(), m.fresh());
        BatchResult result = batch.commit();

        List<Entry<M>> fresh = new ArrayList<>(written.size());
        for (TurnMapper.Written<M> w : written) {
            fresh.add(new Entry<>(result.sequences().get(w.head().id()), w.head().id(), w.message(), w.json(), w.turn(), w.head()));
        }
        if (cur.session() == null) {
            views.remove(sessionId); // another writer may have created it first: read its state next time
            return new View<>(null, 0, 0, m.kept().append(fresh));
        }
        long turns = result.sequences().size();
        long lowest = result.sequences().values().stream().mapToLong(Long::longValue).min().orElse(cur.lastSeq() + 1);
        long version = next == null ? cur.version() : next.version();
        if (turns == 0 || lowest == cur.lastSeq() + 1) {
            // Nobody appended in between: the view is the old one, less what left, plus what came.
            Entries<M> remaining = cur.entries().without(evicted);
            Entries<M> view = remaining.append(fresh);
            // Usually this thread's list is that very view: one list, so that the cached one appends in place next time.
            Entries<M> mine = m.kept() == remaining ? view : m.kept().append(fresh);
            ViewState state = next == null ? cur.state() : next;
            Session s = cur.session();
            Session updated = next == null ? s
                    : new Session(s.id(), s.namespace(), s.createdAt(), now, next.into(s.metadata()), s.tags());
            cache(sessionId, new View<>(updated, state, cur.lastSeq() + turns, view));
            return new View<>(cur.epoch(), version, cur.lastSeq() + turns, mine);
        }
        views.remove(sessionId);
        return new View<>(cur.epoch(), version, cur.lastSeq() + turns, m.kept().append(fresh));
    }

    /** What a list keeps of a base, what it leaves out and what it adds. */
    record Match<M>(Entries<M> kept, List<Entry<M>> left, List<M> fresh) {
    }

    /**
     * Walks the list and the base together: each message of the list is found among the base's
     * next ones (those skipped to find it were left out); from the first message not found on, the
     * rest of the list is new. One pass over each.
     */
    Match<M> match(Entries<M> base, List<M> list) {
        List<int[]> kept = new ArrayList<>(); // runs of base indices, [from, to)
        List<Entry<M>> left = new ArrayList<>();
        // The bare messages: the common case, the very message read, is one reference compared, no entry touched.
        Object[] read = base.messageArray();
        int j = 0; // the next base index
        int i = 0; // the list's index
        int run = -1; // where the run of kept base indices that ends at j starts, -1 for none yet
        for (java.util.Iterator<M> it = list.iterator(); it.hasNext(); i++) {
            M x = it.next();
            int k = j;
            if (k < read.length && read[k] != x) {
                String[] json = new String[1];
                while (k < read.length && !same(base.get(k), x, json)) {
                    k++;
                }
            }
            if (k == read.length) {
                break;
            }
            if (k > j) {
                left.addAll(base.subList(j, k));
                if (run >= 0) {
                    kept.add(new int[] {run, j});
                }
                run = k;
            } else if (run < 0) {
                run = k;
            }
            j = k + 1;
        }
        if (run >= 0) {
            kept.add(new int[] {run, j});
        }
        if (j < read.length) {
            left.addAll(base.subList(j, read.length));
        }
        return new Match<>(base.keep(kept), left, list.subList(i, list.size()));
    }

    private boolean same(Entry<M> e, M x, String[] json) {
        if (e.message() == x || e.message().equals(x)) {
            return true;
        }
        if (json[0] == null) {
            json[0] = codec.toJson(x);
        }
        return e.json().equals(json[0]);
    }

    // ---- the read ------------------------------------------------------------------------------

    private View<M> current(String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        Optional<SessionState> st = store.sessionState(sessionId);
        if (st.isEmpty()) {
            views.remove(sessionId);
            return View.none();
        }
        Session s = st.get().session();
        if (!s.namespace().equals(namespace)) {
            throw new IllegalArgumentException("session '" + sessionId + "' belongs to namespace '" + s.namespace()
                    + "', not to '" + namespace + "'; allowed: a conversation id not used in another namespace");
        }
        ViewState state = ViewState.of(s.metadata());
        if (state == null) {
            state = new ViewState("", 0, 1, new java.util.TreeMap<>()); // a session created without this log
        }
        View<M> cached = views.get(sessionId);
        if (cached != null && cached.epoch().equals(state.epoch()) && cached.version() == state.version()) {
            if (cached.lastSeq() >= st.get().lastSeq()) {
                return cached;
            }
            List<Entry<M>> newer = new ArrayList<>();
            long last = heads(sessionId, cached.lastSeq(), state, newer);
            return cache(sessionId, new View<>(s, state, Math.max(last, st.get().lastSeq()), cached.entries().append(newer)));
        }
        List<Entry<M>> entries = new ArrayList<>();
        for (Map.Entry<Long, String> pin : state.pinned().entrySet()) {
            Optional<Node> node = store.get(pin.getValue());
            if (node.isPresent()) {
                Entry<M> e = entry(pin.getKey(), node.get());
                if (e != null) {
                    entries.add(e);
                }
            }
        }
        long last = heads(sessionId, state.from() - 1, state, entries);
        return cache(sessionId, new View<>(s, state, Math.max(last, st.get().lastSeq()), Entries.of(entries)));
    }

    /** Appends to {@code into} the view's messages after {@code afterSeq}; @return the last sequence number read */
    private long heads(String sessionId, long afterSeq, ViewState state, List<Entry<M>> into) {
        long[] last = {afterSeq};
        try (Stream<SessionEntry> turns = store.streamSession(sessionId, Math.max(0, afterSeq))) {
            turns.forEach(t -> {
                last[0] = t.seq();
                if (state.contains(t.seq())) {
                    Entry<M> e = entry(t.seq(), t.node());
                    if (e != null) {
                        into.add(e);
                    }
                }
            });
        }
        return last[0];
    }

    /** @return the message a turn carries, or null for a turn that carries none of this adapter's */
    private Entry<M> entry(long seq, Node node) {
        Map<String, String> meta = node instanceof Prompt p ? p.metadata()
                : node instanceof Response r ? r.metadata()
                : node instanceof ToolInvocation t ? t.metadata()
                : Map.of();
        String json = meta.get(TurnMapper.MESSAGE);
        if (json == null || !codec.name().equals(meta.get(TurnMapper.ADAPTER))) {
            return null;
        }
        M message = codec.fromJson(json);
        return new Entry<>(seq, node.id(), message, json, codec.describe(message), node);
    }

    private View<M> cache(String sessionId, View<M> v) {
        if (cachedConversations > 0) {
            if (views.size() >= cachedConversations && !views.containsKey(sessionId)) {
                // Rarely reached; any conversation may go, its next read reloads it.
                views.keySet().stream().findAny().ifPresent(views::remove);
            }
            views.put(sessionId, v);
        }
        return v;
    }

    /**
     * A message of a view.
     *
     * @param seq its turn's sequence number
     * @param turnId its turn's node id
     * @param message the message
     * @param json its JSON, as stored
     * @param turn its description
     * @param node the turn itself
     * @param <M> the message type
     */
    public record Entry<M>(long seq, String turnId, M message, String json, ChatTurn turn, Node node) {
    }

    /** A conversation's view as this process last saw it. */
    record View<M>(Session session, ViewState state, String epoch, long version, long lastSeq, Entries<M> entries) {

        View(Session session, ViewState state, long lastSeq, Entries<M> entries) {
            this(session, state, state.epoch(), state.version(), lastSeq, entries);
        }

        /** A base that is not a session's state: what one thread last saw or wrote. */
        View(String epoch, long version, long lastSeq, Entries<M> entries) {
            this(null, null, epoch, version, lastSeq, entries);
        }

        static <M> View<M> none() {
            return new View<>(null, null, null, 0, 0, Entries.empty());
        }

        /** @return a copy the caller may change (the frameworks copy it once more anyway) */
        List<M> messages() {
            return entries.messages();
        }
    }
}
