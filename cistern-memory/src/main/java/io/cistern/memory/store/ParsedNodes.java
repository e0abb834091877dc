package io.cistern.memory.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cistern.memory.model.Node;

/**
 * Nodes already parsed from their JSON payload, or just written as it, by id: reading back a turn
 * this store wrote or read a moment ago (an agent's last 20 turns, its previous prompt) parses
 * nothing. An entry is used only when the payload read is the very text it was made from, so it
 * can never be stale and needs no invalidation; a node rewritten or deleted simply stops matching,
 * and the bound (least recently used first) forgets it.
 */
final class ParsedNodes {

    private record Parsed(String payload, Node node) {
    }

    private final JsonCodec json;
    /** Null when the store's cache is off (size 0): then every read parses. */
    private final Cache<String, Parsed> byId;

    ParsedNodes(JsonCodec json, long maximumSize) {
        this.json = json;
        this.byId = maximumSize == 0 ? null : Caffeine.newBuilder().maximumSize(maximumSize).build();
    }

    /** @return the node of this payload, parsed now unless it was parsed or written before */
    Node read(String id, String kindCode, String payload) {
        if (byId == null) {
            return json.readNode(kindCode, payload);
        }
        Parsed known = byId.getIfPresent(id);
        if (known != null && known.payload().equals(payload)) {
            return known.node();
        }
        Node node = json.readNode(kindCode, payload);
        byId.put(id, new Parsed(payload, node));
        return node;
    }

    /** After a commit: the nodes written, with the payloads stored for them. */
    void written(GraphSql.NodeRows rows) {
        if (byId == null) {
            return;
        }
        for (int i = 0; i < rows.nodes().size(); i++) {
            Node n = rows.nodes().get(i);
            byId.put(n.id(), new Parsed(rows.payloads().get(i), n));
        }
    }
}
