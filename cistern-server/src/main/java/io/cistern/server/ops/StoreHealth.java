package io.cistern.server.ops;

import io.cistern.cache.CacheStats;
import io.cistern.memory.store.MemoryStore;
import io.cistern.pool.PoolStats;
import io.cistern.pool.limit.LimiterStats;
import io.cistern.routing.health.ClusterHealth;
import io.cistern.routing.health.EndpointHealth;
import io.cistern.server.security.Redaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The store's pools, limiter, cache and cluster as JSON objects, for readiness and the dashboard. */
public final class StoreHealth {

    private StoreHealth() {
    }

    /** @return pools, limiter, cache and (on a cluster) every endpoint's role, breaker and health */
    public static Map<String, Object> of(MemoryStore store) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("store", Redaction.clean(store.description()));
        Map<String, Object> pools = new LinkedHashMap<>();
        store.poolStats().forEach((role, p) -> pools.put(role, pool(p)));
        m.put("pools", pools);
        LimiterStats l = store.limiterStats();
        Map<String, Object> limiter = new LinkedHashMap<>();
        limiter.put("active", l.active());
        limiter.put("waiting", l.waiting());
        limiter.put("maxConcurrent", l.maxConcurrent());
        limiter.put("peakActive", l.peakActive());
        limiter.put("total", l.total());
        limiter.put("failed", l.failed());
        limiter.put("timeouts", l.timeouts());
        m.put("limiter", limiter);
        CacheStats c = store.cacheStats();
        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("hits", c.hits());
        cache.put("misses", c.misses());
        cache.put("hitRate", c.requests() == 0 ? 0.0 : c.hitRate());
        cache.put("evictions", c.evictions());
        m.put("cache", cache);
        store.clusterHealth().ifPresent(h -> m.put("cluster", cluster(h)));
        return m;
    }

    private static Map<String, Object> pool(PoolStats p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", p.active());
        m.put("idle", p.idle());
        m.put("total", p.total());
        m.put("max", p.maxSize());
        m.put("waiting", p.waiting());
        m.put("timeouts", p.timeouts());
        return m;
    }

    private static Map<String, Object> cluster(ClusterHealth h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", h.status().name());
        m.put("writeEndpoint", h.writeEndpoint());
        List<Map<String, Object>> endpoints = new ArrayList<>();
        for (EndpointHealth e : h.endpoints()) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("name", e.name());
            em.put("url", Redaction.clean(e.url()));
            em.put("role", e.role().name());
            em.put("up", e.up());
            em.put("breaker", String.valueOf(e.breaker().state()));
            endpoints.add(em);
        }
        m.put("endpoints", endpoints);
        return m;
    }
}
