package io.cistern.memory.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.memory.model.Edge;
import io.cistern.memory.model.EdgeProperties;
import io.cistern.memory.model.ModelParameters;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.Session;
import io.cistern.memory.model.TokenUsage;
import io.cistern.memory.search.SearchQuery;
import io.cistern.memory.store.Batch;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.OnBothBackends;
import io.cistern.memory.store.StoreAccess;
import io.cistern.testkit.Await;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetentionTest extends OnBothBackends {

    static final ModelParameters PARAMS = new ModelParameters("gpt-4o", 0.2, 512, List.of());
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    /** A session of {@code n} prompt/response pairs, one an hour back from {@code newest}, joined by edges. */
    private List<String> conversation(Session s, int n, Instant newest) {
        Batch b = store.batch().add(s);
        List<String> ids = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            Instant at = newest.minus(Duration.ofHours(i));
            Prompt p = new Prompt(UUID.randomUUID().toString(), s.id(), at, null, "tidal words " + i, Map.of(), PARAMS);
            Response r = new Response(UUID.randomUUID().toString(), s.id(), p.id(), at, "tidal answer " + i,
                    new TokenUsage(1, 1), "stop", 1);
            b.add(p).add(r).add(Edge.of(r, p, new EdgeProperties.RespondsTo(1))).add(Edge.of(p, s, new EdgeProperties.PartOf("user")));
            ids.add(p.id());
            ids.add(r.id());
        }
        b.commit();
        return ids; // oldest first
    }

    /** These tests purge at a time of their own ({@link #NOW}); the store's own sweep would purge at the real time. */
    @BeforeEach
    void purgeOnlyWhenTheTestSays() {
        reopenWith(config.toBuilder().retentionSweep(Duration.ZERO));
    }

    private void reopenWith(io.cistern.memory.store.MemoryStoreConfig.Builder settings) {
        store.close();
        config = settings.build();
        store = MemoryStore.open(config);
    }

    private long count(String sql, String... keys) {
        return StoreAccess.read(store, "count", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < keys.length; i++) {
                    ps.setString(i + 1, keys[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Test
    void theStoresOwnSweepPurgesWhatExpiredWithoutBeingCalled() throws InterruptedException {
        reopenWith(config.toBuilder().retentionSweep(Duration.ofMillis(50)));
        Instant now = Instant.now();
        Session old = new Session("s-swept", "acme", now.minus(Duration.ofDays(3)), null, Map.of(), List.of());
        Session kept = new Session("s-kept", "acme-evil", now.minus(Duration.ofDays(3)), null, Map.of(), List.of());
        conversation(old, 3, now.minus(Duration.ofDays(2)));
        conversation(kept, 3, now.minus(Duration.ofDays(2)));
        Retention.on(store).namespaceTtl("acme", Duration.ofDays(1));

        Await.until("the sweep to purge the expired turns", Duration.ofMinutes(1),
                () -> count("SELECT COUNT(*) FROM memory_nodes WHERE session_id = ?", "s-swept") == 0);

        assertThat(count("SELECT COUNT(*) FROM memory_nodes WHERE session_id = ?", "s-kept")).isEqualTo(6);
        assertThat(store.search(SearchQuery.of("acme", "tidal")).hits()).isEmpty();
    }

    @Test
    void aSweepPeriodOutOfRangeIsRefusedByName() {
        assertThatThrownBy(() -> config.toBuilder().retentionSweep(Duration.ofMillis(5)).build())
                .hasMessage("retentionSweep = PT0.005S is not allowed; allowed: 0 (never) or 10 ms to 1 day");
    }

    @Test
    void expiredTurnsGoWithTheirEdgesEntriesAndCacheInBoundedBatches() {
        Retention retention = Retention.on(store);
        Session plain = new Session("s-plain", "acme", NOW.minus(Duration.ofDays(3)), null, Map.of(), List.of());
        Session own = new Session("s-own", "acme", NOW.minus(Duration.ofDays(3)), null, Map.of(), List.of());
        Session lookAlike = new Session("s-evil", "acme-evil", NOW.minus(Duration.ofDays(3)), null, Map.of(), List.of());
        Session gone = new Session("s-gone", "acme", NOW.minus(Duration.ofDays(9)), null, Map.of(), List.of());
        List<String> plainIds = conversation(plain, 30, NOW);          // 30 hours, newest now
        List<String> ownIds = conversation(own, 30, NOW);
        List<String> evilIds = conversation(lookAlike, 30, NOW);
        conversation(gone, 5, NOW.minus(Duration.ofDays(8)));
        retention.namespaceTtl("acme", Duration.ofHours(10));
        retention.sessionTtl(own.id(), Duration.ofHours(20));
        assertThat(retention.namespaceTtl("acme")).contains(Duration.ofHours(10));
        assertThat(retention.namespaceTtl("acme-evil")).isEmpty();
        String expiredCached = plainIds.get(0);
        assertThat(store.get(expiredCached)).isPresent();
        assertThat(store.thread(plain.id())).hasSize(60);

        PurgeResult purged = retention.purgeExpired(NOW, 7);

        // plain: turns written more than 10 h ago go (hours 11..29 back: 19 pairs); own: more than 20 h
        // (hours 21..29: 9 pairs); gone: all 5 pairs, then the session
        assertThat(purged.turns()).isEqualTo(38 + 18 + 10);
        assertThat(purged.sessions()).isEqualTo(1);
        assertThat(purged.transactions()).isGreaterThanOrEqualTo(66 / 7);
        assertThat(store.thread(plain.id())).hasSize(22);
        assertThat(store.thread(own.id())).hasSize(42);
        assertThat(store.thread(lookAlike.id())).hasSize(60);
        assertThat(store.get(expiredCached)).isEmpty();
        assertThat(store.get(gone.id())).isEmpty();
        assertThat(store.get(plainIds.get(plainIds.size() - 1))).isPresent();
        assertThat(store.get(evilIds.get(0))).isPresent();
        for (String id : plainIds.subList(0, 38)) {
            assertThat(count("SELECT COUNT(*) FROM memory_edges WHERE from_id = ? OR to_id = ?", id, id))
                    .isZero();
            assertThat(count("SELECT COUNT(*) FROM memory_search_entries WHERE node_id = ?", id)).isZero();
        }
        assertThat(count("SELECT COUNT(*) FROM memory_search_entries WHERE namespace = ?", "acme")).isEqualTo(22 + 42);
        assertThat(store.search(SearchQuery.of("acme-evil", "tidal").limit(100)).hits()).hasSize(60);
        // a second run finds nothing more
        assertThat(retention.purgeExpired(NOW, 7).turns()).isZero();
    }

    @Test
    void settingsAreCheckedAndCleared() {
        Retention retention = Retention.on(store);
        assertThatThrownBy(() -> retention.sessionTtl("no-such-session", Duration.ofHours(1)))
                .hasMessageContaining("'no-such-session' does not exist");
        assertThatThrownBy(() -> retention.namespaceTtl("acme", Duration.ZERO)).hasMessageContaining("ttl = PT0S is not allowed");
        assertThatThrownBy(() -> retention.purgeExpired(NOW, 0)).hasMessageContaining("batch = 0 is not allowed");
        retention.namespaceTtl("acme", Duration.ofHours(1));
        retention.namespaceTtl("acme", Duration.ofHours(2));
        assertThat(retention.namespaceTtl("acme")).contains(Duration.ofHours(2));
        retention.clearNamespaceTtl("acme");
        assertThat(retention.namespaceTtl("acme")).isEmpty();
    }

    @Test
    void sqliteConnectionsEnforceForeignKeysSoDeletesCascade() {
        Assumptions.assumeTrue(config.isSqlite(), "PostgreSQL always enforces foreign keys; the pragma is SQLite's");
        long on = StoreAccess.read(store, "pragma", c -> {
            try (PreparedStatement ps = c.prepareStatement("PRAGMA foreign_keys"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        long onWriter = StoreAccess.write(store, "pragma", c -> {
            try (PreparedStatement ps = c.prepareStatement("PRAGMA foreign_keys"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(on).isEqualTo(1);
        assertThat(onWriter).isEqualTo(1);
    }
}
