package io.cistern.memory.chat;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Which of a session's messages are in the framework's current list, kept in the session's
 * metadata: every message from sequence number {@code from} on, plus the earlier ones {@code pinned}
 * (a system message the window keeps while it drops what followed it). A window that drops its
 * oldest messages only moves {@code from}, so the state stays a few bytes; messages appended later
 * are in the view without any change to it. {@code epoch} tells a re-created session from the one
 * that was deleted; {@code version} counts changes, for the conditional write.
 */
record ViewState(String epoch, long version, long from, TreeMap<Long, String> pinned) {

    static final String EPOCH = "cistern.chat.epoch";
    static final String VERSION = "cistern.chat.version";
    static final String FROM = "cistern.chat.from";
    static final String PINNED = "cistern.chat.pinned";

    static ViewState fresh() {
        return new ViewState(UUID.randomUUID().toString(), 0, 1, new TreeMap<>());
    }

    /** @return the state in {@code metadata}, or null if the session was not written by a chat log */
    static ViewState of(Map<String, String> metadata) {
        String epoch = metadata.get(EPOCH);
        if (epoch == null) {
            return null;
        }
        TreeMap<Long, String> pinned = new TreeMap<>();
        String p = metadata.getOrDefault(PINNED, "");
        if (!p.isEmpty()) {
            for (String pair : p.split(",")) {
                int colon = pair.indexOf(':');
                pinned.put(Long.parseLong(pair.substring(0, colon)), pair.substring(colon + 1));
            }
        }
        return new ViewState(epoch, Long.parseLong(metadata.getOrDefault(VERSION, "0")),
                Long.parseLong(metadata.getOrDefault(FROM, "1")), pinned);
    }

    /** @return {@code metadata} with this state in it */
    Map<String, String> into(Map<String, String> metadata) {
        Map<String, String> out = new HashMap<>(metadata);
        out.put(EPOCH, epoch);
        out.put(VERSION, Long.toString(version));
        out.put(FROM, Long.toString(from));
        StringJoiner p = new StringJoiner(",");
        pinned.forEach((seq, id) -> p.add(seq + ":" + id));
        out.put(PINNED, p.toString());
        return out;
    }

    boolean contains(long seq) {
        return seq >= from || pinned.containsKey(seq);
    }

    /**
     * @param evicted sequence numbers leaving the view
     * @param view the messages in the view now, in sequence order
     * @return the next state: {@code from} moves past the newest evicted message, and the messages
     *     it passes that stay are pinned
     */
    ViewState evict(Collection<Long> evicted, List<? extends ChatLog.Entry<?>> view) {
        TreeMap<Long, String> nextPinned = new TreeMap<>(pinned);
        evicted.forEach(nextPinned::remove);
        long newestEvicted = evicted.stream().filter(s -> s >= from).mapToLong(Long::longValue).max().orElse(-1);
        long nextFrom = from;
        if (newestEvicted >= 0) {
            for (ChatLog.Entry<?> e : view) { // in sequence order: only the front is walked
                if (e.seq() >= newestEvicted) {
                    break;
                }
                if (e.seq() >= from && !evicted.contains(e.seq())) {
                    nextPinned.put(e.seq(), e.turnId());
                }
            }
            nextFrom = newestEvicted + 1;
        }
        return new ViewState(epoch, version + 1, nextFrom, nextPinned);
    }
}
