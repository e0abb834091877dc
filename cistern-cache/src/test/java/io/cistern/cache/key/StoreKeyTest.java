package io.cistern.cache.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.cache.EvictionPolicy;
import io.cistern.cache.QueryCache;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StoreKeyTest {

    @Test
    void keysWithEqualFieldsAreEqualAndHashAlike() {
        assertThat(new NodeKey("n1")).isEqualTo(new NodeKey("n1")).hasSameHashCodeAs(new NodeKey("n1"));
        assertThat(new EdgeKey("a", "b", "cites")).isEqualTo(new EdgeKey("a", "b", "cites"));
        assertThat(CustomKey.of("embedding", "model-x", 42L)).isEqualTo(CustomKey.of("embedding", "model-x", 42L))
                .hasSameHashCodeAs(CustomKey.of("embedding", "model-x", 42L));
    }

    @Test
    void keysOfDifferentNamespacesNeverCollideEvenWithTheSameId() {
        List<StoreKey> keys = List.of(new SessionKey("x"), new NodeKey("x"),
                new LineageQueryKey("x", LineageQueryKey.Direction.UPSTREAM, 1), CustomKey.of("session", "x"),
                CustomKey.of("node", "x"));

        for (StoreKey a : keys) {
            for (StoreKey b : keys) {
                assertThat(a.equals(b)).as("%s equals %s", a, b).isEqualTo(a == b);
            }
        }
    }

    @Test
    void partsAreNotConcatenatedSoShiftedSeparatorsDoNotCollide() {
        assertThat(new EdgeKey("a:b", "c", "r")).isNotEqualTo(new EdgeKey("a", "b:c", "r"));
        assertThat(CustomKey.of("q", "a:b", "c")).isNotEqualTo(CustomKey.of("q", "a", "b:c"));
        assertThat(CustomKey.of("q", 1L)).isNotEqualTo(CustomKey.of("q", 1));
        assertThat(new EdgeKey("a", "b", "r")).isNotEqualTo(new EdgeKey("b", "a", "r"));
    }

    @Test
    void lineageKeysDifferByDirectionAndDepth() {
        LineageQueryKey key = new LineageQueryKey("n", LineageQueryKey.Direction.UPSTREAM, 3);

        assertThat(key).isNotEqualTo(new LineageQueryKey("n", LineageQueryKey.Direction.DOWNSTREAM, 3));
        assertThat(key).isNotEqualTo(new LineageQueryKey("n", LineageQueryKey.Direction.UPSTREAM, 4));
        assertThat(key.namespace()).isEqualTo(Namespace.LINEAGE_QUERY);
    }

    @Test
    void badFieldsAreRejectedWithTheirNames() {
        assertThatThrownBy(() -> new SessionKey(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sessionId must not be blank, was \" \"");
        assertThatThrownBy(() -> new NodeKey(null)).isInstanceOf(NullPointerException.class).hasMessage("nodeId");
        assertThatThrownBy(() -> new EdgeKey("a", "b", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("relation must not be blank");
        assertThatThrownBy(() -> new LineageQueryKey("n", LineageQueryKey.Direction.BOTH, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxDepth must be 1 or more, was 0");
    }

    @Test
    void customKeysRefuseMutableOrIdentityComparedParts() {
        assertThatThrownBy(() -> CustomKey.of("q", "ok", new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("part 1 is a [B; allowed are String, Long");
        assertThatThrownBy(() -> CustomKey.of("q", new StringBuilder("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.StringBuilder");
        assertThatThrownBy(() -> CustomKey.of("q", "a", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("part 1 is null");
        UUID id = UUID.randomUUID();
        assertThat(CustomKey.of("q", id, true, 'c', LineageQueryKey.Direction.BOTH, new NodeKey("n")).parts())
                .containsExactly(id, true, 'c', LineageQueryKey.Direction.BOTH, new NodeKey("n"));
    }

    @Test
    void customKeysCopyTheirParts() {
        Object[] parts = {"a", "b"};
        CustomKey key = CustomKey.of("q", parts);
        parts[0] = "changed";

        assertThat(key).isEqualTo(CustomKey.of("q", "a", "b"));
        assertThatThrownBy(() -> key.parts().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aNamespaceCanBeInvalidatedAtOnce() {
        QueryCache<StoreKey, String> cache = QueryCache.builder().maximumSize(100).evictionPolicy(EvictionPolicy.LRU).build();
        cache.put(new SessionKey("s1"), "session");
        cache.put(new SessionKey("s2"), "session");
        cache.put(new NodeKey("s1"), "node");
        cache.put(new EdgeKey("s1", "n2", "r"), "edge");
        cache.put(new EdgeKey("n3", "n2", "r"), "edge");

        assertThat(cache.invalidateMatching(key -> key.namespace() == Namespace.SESSION)).isEqualTo(2);
        assertThat(cache.invalidateMatching(key -> key instanceof EdgeKey && ((EdgeKey) key).touches("s1"))).isEqualTo(1);

        assertThat(cache.get(new NodeKey("s1"))).isEqualTo("node");
        assertThat(cache.get(new EdgeKey("n3", "n2", "r"))).isEqualTo("edge");
        assertThat(cache.size()).isEqualTo(2);
    }
}
