package io.cistern.memory.store;

import io.cistern.cache.CacheStats;
import io.cistern.cache.QueryCache;
import io.cistern.cache.key.LineageQueryKey;
import io.cistern.cache.key.NodeKey;
import io.cistern.cache.key.SessionKey;
import io.cistern.cache.key.StoreKey;
import io.cistern.memory.model.Node;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Cache-aside for the hot reads: a node by id, a session's thread, a response's lineage.
 * Invalidation is precise: a write removes exactly the entries whose answer it can change, and
 * only after it committed, so a reader cannot cache the state from before it.
 *
 * <ul>
 *   <li>a node stored or deleted: its {@link NodeKey}, its session's {@link SessionKey} and
 *       {@link NodeKey} (the session's update time moves), and every lineage that contains it;</li>
 *   <li>an edge stored or deleted: every lineage that contains its source node (the walks follow
 *       outgoing edges, so only an edge leaving a node already in a lineage can change it).</li>
 * </ul>
 * A lineage's nodes are known once it is loaded, and are then indexed by node, so a write finds
 * the lineages it affects without scanning the cache. While a load runs its key is in
 * {@code loading} and every invalidation removes it, which makes the cache discard the load's
 * result instead of storing it.
 */
final class HotReads {

    private final QueryCache<StoreKey, Object> cache;
    private final long maximumSize;
    private final Set<LineageQueryKey> loading = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<LineageQueryKey, Set<String>> nodesOfLineage = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<LineageQueryKey>> lineagesOfNode = new ConcurrentHashMap<>();

    HotReads(long maximumSize, Duration ttl) {
        this.maximumSize = maximumSize;
        if (maximumSize == 0) {
            this.cache = null;
        } else {
            var builder = QueryCache.builder().maximumSize(maximumSize);
            if (ttl != null) {
                builder.defaultTtl(ttl);
            }
            this.cache = builder.build();
        }
    }

    @SuppressWarnings("unchecked")
    Optional<Node> node(String id, Supplier<Optional<Node>> loader) {
        return cache == null ? loader.get() : (Optional<Node>) cache.getOrLoad(new NodeKey(id), k -> loader.get()).value();
    }

    @SuppressWarnings("unchecked")
    List<SessionEntry> thread(String sessionId, Supplier<List<SessionEntry>> loader) {
        return cache == null ? loader.get()
                : (List<SessionEntry>) cache.getOrLoad(new SessionKey(sessionId), k -> loader.get()).value();
    }

    @SuppressWarnings("unchecked")
    Optional<Lineage> lineage(String responseId, int depth, Supplier<Optional<Lineage>> loader) {
        if (cache == null) {
            return loader.get();
        }
        LineageQueryKey key = new LineageQueryKey(responseId, LineageQueryKey.Direction.UPSTREAM, depth);
        return (Optional<Lineage>) cache.getOrLoad(key, k -> {
            loading.add(key);
            try {
                Optional<Lineage> loaded = loader.get();
                Set<String> nodes = loaded.map(Lineage::nodeIds).orElse(Set.of(responseId));
                // Indexed before the key leaves `loading`: an invalidation always finds it one way or the other.
                nodesOfLineage.put(key, nodes);
                for (String id : nodes) {
                    lineagesOfNode.computeIfAbsent(id, x -> ConcurrentHashMap.newKeySet()).add(key);
                }
                return loaded;
            } finally {
                loading.remove(key);
            }
        }).value();
    }

    /** After a node was stored, replaced or deleted. */
    void nodeChanged(String id, String sessionId) {
        if (cache == null) {
            return;
        }
        cache.remove(new NodeKey(id));
        if (sessionId != null) {
            cache.remove(new SessionKey(sessionId));
            // the session node's updatedAt moves with every append
            cache.remove(new NodeKey(sessionId));
        }
        invalidateLineages(Set.of(id));
    }

    /** After a session and its turns were deleted. */
    void sessionDeleted(String sessionId, Collection<String> turnIds) {
        if (cache == null) {
            return;
        }
        cache.remove(new NodeKey(sessionId));
        cache.remove(new SessionKey(sessionId));
        for (String id : turnIds) {
            cache.remove(new NodeKey(id));
        }
        Set<String> all = new HashSet<>(turnIds);
        all.add(sessionId);
        invalidateLineages(all);
    }

    /** After an edge from {@code fromId} was stored or deleted. */
    void edgeChanged(String fromId) {
        if (cache != null) {
            invalidateLineages(Set.of(fromId));
        }
    }

    private void invalidateLineages(Set<String> changed) {
        Set<LineageQueryKey> affected = new HashSet<>(loading);
        for (String id : changed) {
            Set<LineageQueryKey> keys = lineagesOfNode.remove(id);
            if (keys != null) {
                affected.addAll(keys);
            }
        }
        for (LineageQueryKey key : affected) {
            cache.remove(key);
            Set<String> nodes = nodesOfLineage.remove(key);
            if (nodes != null) {
                for (String id : nodes) {
                    lineagesOfNode.computeIfPresent(id, (x, keys) -> {
                        keys.remove(key);
                        return keys.isEmpty() ? null : keys;
                    });
                }
            }
        }
        if (nodesOfLineage.size() > 2 * maximumSize) {
            // Lineages the cache evicted on its own stay indexed here; rather than track evictions,
            // forget every lineage once the index outgrows the cache (one scan, rarely).
            nodesOfLineage.clear();
            lineagesOfNode.clear();
            cache.invalidateMatching(k -> k instanceof LineageQueryKey);
        }
    }

    CacheStats stats() {
        return cache == null ? new CacheStats(0, 0, 0, 0, 0, 0, Duration.ZERO) : cache.stats();
    }

    long size() {
        return cache == null ? 0 : cache.size();
    }
}
